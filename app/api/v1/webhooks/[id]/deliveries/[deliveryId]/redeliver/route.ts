import { withRole } from "@/lib/server/auth/with-role.ts";
import { redeliver } from "@/lib/server/webhooks/send-test-event.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver — send a delivery again, same webhook-id → 202 (admins).
export const POST = withRole<{ id: string; deliveryId: string }>("webhook.manage", async (_request, { params, user }) => {
  const { id, deliveryId } = await params;
  await redeliver({ webhookId: id, deliveryId, user });
  return Response.json({ ok: true }, { status: 202 });
});

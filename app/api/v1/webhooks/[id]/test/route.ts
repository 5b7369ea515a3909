import { withRole } from "@/lib/server/auth/with-role.ts";
import { sendTestEvent } from "@/lib/server/webhooks/send-test-event.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/webhooks/{id}/test — queue a webhook.test event to this subscription → 202 {deliveryId, eventId} (admins).
export const POST = withRole<{ id: string }>("webhook.manage", async (_request, { params, user }) => {
  const { id } = await params;
  return Response.json(await sendTestEvent({ id, user }), { status: 202 });
});

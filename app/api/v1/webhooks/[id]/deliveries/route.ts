import { withRole } from "@/lib/server/auth/with-role.ts";
import { findDeliveries } from "@/lib/server/webhooks/find-webhooks.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/webhooks/{id}/deliveries — the subscription's delivery history, newest first (admins).
export const GET = withRole<{ id: string }>("webhook.manage", async (_request, { params }) => {
  const { id } = await params;
  return Response.json({ deliveries: await findDeliveries({ webhookId: id }) }, { headers: { "cache-control": "no-store" } });
});

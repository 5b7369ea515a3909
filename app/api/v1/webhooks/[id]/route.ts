import { ZWebhookChange } from "@/lib/domain/webhooks.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { updateWebhook } from "@/lib/server/webhooks/update-webhook.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/webhooks/{id} — change {url?, kinds?, format?}, disable/enable {enabled}, or {rotateSecret: true} → the new secret once (admins).
export const POST = withRole<{ id: string }>("webhook.manage", async (request, { params, user }) => {
  const { id } = await params;
  const change = ZWebhookChange.parse(await request.json());
  return Response.json(await updateWebhook({ id, change, user }), { headers: { "cache-control": "no-store" } });
});

import { ZWebhookCreate } from "@/lib/domain/webhooks.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { createWebhook } from "@/lib/server/webhooks/create-webhook.ts";
import { findWebhooks } from "@/lib/server/webhooks/find-webhooks.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/webhooks — every subscription, without secrets (admins).
export const GET = withRole("webhook.manage", async () => Response.json({ webhooks: await findWebhooks() }, { headers: { "cache-control": "no-store" } }));

// POST /api/v1/webhooks — subscribe {url, kinds, format} → 201 {webhook, secret}; the secret is shown only here (admins).
export const POST = withRole("webhook.manage", async (request, { user }) => {
  const body = ZWebhookCreate.parse(await request.json());
  const created = await createWebhook({ ...body, user });
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});

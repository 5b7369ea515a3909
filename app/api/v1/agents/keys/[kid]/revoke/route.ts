import { revokeKey } from "@/lib/server/agents/revoke-key.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/agents/keys/{kid}/revoke — revoke an agent key; its events are refused from now on (security, admins).
export const POST = withRole<{ kid: string }>("agent.revoke_key", async (request, { params, user }) => {
  const { kid } = await params;
  const r = await revokeKey({ kid, actor: `user:${user.email}` });
  return Response.json(r);
});

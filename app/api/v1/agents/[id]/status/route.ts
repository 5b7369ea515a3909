import { z } from "zod";
import { setAgentStatus } from "@/lib/server/agents/set-agent-status.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";

export const dynamic = "force-dynamic";

const ZStatus = z.object({ status: z.enum(["active", "suspended"]) }).strict();

// POST /api/v1/agents/{id}/status — suspend (all its keys then fail) or resume an agent {status} (security, admins).
export const POST = withRole<{ id: string }>("agent.suspend", async (request, { params, user }) => {
  const { id } = await params;
  const { status } = ZStatus.parse(await request.json());
  await setAgentStatus({ id, status, actor: `user:${user.email}` });
  return Response.json({ agentId: id, status });
});

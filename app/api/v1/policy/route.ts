import { acknowledgePolicy } from "@/lib/server/agents/acknowledge-policy.ts";
import { withAgentSignature } from "@/lib/server/auth/agent-request.ts";
import { signAsControlPlane } from "@/lib/server/keys/control-plane-key.ts";
import { seedPolicy } from "@/lib/server/policy/seed-policy.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/policy — the policy in force and its version, signed by the control plane (agents only);
// the calling agent is noted as having acknowledged that version.
export const GET = withAgentSignature(async (_request, { agent }) => {
  // Fresh, not the 2 s cache: an agent told of version N (by another replica, or a moment ago) must get N.
  const { version, policy } = await seedPolicy({ fresh: true });
  const jws = await signAsControlPlane({ version, policy }, "fb-policy+jws");
  await acknowledgePolicy({ agentId: agent.agentId, version });
  return new Response(jws, { headers: { "content-type": "application/jose", "cache-control": "no-store" } });
});

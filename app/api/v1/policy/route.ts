import { withAgentSignature } from "@/lib/server/auth/agent-request.ts";
import { signAsControlPlane } from "@/lib/server/keys/control-plane-key.ts";
import { seedPolicy } from "@/lib/server/policy/seed-policy.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/policy — the policy in force and its version, signed by the control plane (agents only).
export const GET = withAgentSignature(async () => {
  const { version, policy } = await seedPolicy();
  const jws = await signAsControlPlane({ version, policy }, "fb-policy+jws");
  return new Response(jws, { headers: { "content-type": "application/jose", "cache-control": "no-store" } });
});

import { withAgentSignature } from "@/lib/server/auth/agent-request.ts";
import { findDirectives } from "@/lib/server/directives/find-directives.ts";
import { AppError } from "@/lib/server/errors.ts";
import { signAsControlPlane } from "@/lib/server/keys/control-plane-key.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/agents/{id}/directives?after=<cursor> — the agent's own directives, signed by the control plane.
export const GET = withAgentSignature<{ params: Promise<{ id: string }> }>(async (request, { params, agent }) => {
  const { id } = await params;
  if (id !== agent.agentId) throw new AppError("unauthenticated", `this token is for ${agent.agentId}, not ${id}`);
  const feed = await findDirectives({ agentId: id, after: new URL(request.url).searchParams.get("after") });
  const jws = await signAsControlPlane(feed, "fb-directives+jws");
  return new Response(jws, { headers: { "content-type": "application/jose", "cache-control": "no-store" } });
});

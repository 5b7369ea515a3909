import { withAgentSignature } from "@/lib/server/auth/agent-request.ts";
import { MAX_WAIT_S, waitForDirectives } from "@/lib/server/directives/wait-for-directives.ts";
import { AppError } from "@/lib/server/errors.ts";
import { signAsControlPlane } from "@/lib/server/keys/control-plane-key.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/agents/{id}/directives?after=<cursor>&wait=<s> — the agent's own directives, signed by the
// control plane; with wait (≤ 30 s) the answer waits until there is one (long polling).
export const GET = withAgentSignature<{ params: Promise<{ id: string }> }>(async (request, { params, agent }) => {
  const { id } = await params;
  if (id !== agent.agentId) throw new AppError("unauthenticated", `this token is for ${agent.agentId}, not ${id}`);
  const query = new URL(request.url).searchParams;
  const wait = query.get("wait") ?? "0";
  if (!/^\d{1,2}$/.test(wait) || Number(wait) > MAX_WAIT_S) throw new AppError("bad_request", `wait must be a whole number of seconds from 0 to ${MAX_WAIT_S}`);
  const feed = await waitForDirectives({ agentId: id, after: query.get("after"), waitS: Number(wait), signal: request.signal });
  const jws = await signAsControlPlane(feed, "fb-directives+jws");
  return new Response(jws, { headers: { "content-type": "application/jose", "cache-control": "no-store" } });
});

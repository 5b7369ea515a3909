import "server-only";
import { problemFrom } from "../http/problem.ts";
import { replicaAudience } from "./replica-replay-cache.ts";
import { verifyAgentRequest, type AgentCaller } from "./verify-agent-request.ts";

/** The answer header naming the replica that served an agent request. */
export const REPLICA_HEADER = "firebreak-replica";

type Handler<C> = (request: Request, ctx: C & { agent: AgentCaller }) => Promise<Response>;

/**
 * Wraps a route handler that agents call: the request must carry a valid signed Bearer token (see
 * verifyAgentRequest); the handler gets the calling agent. Errors become problem+json (401 with
 * WWW-Authenticate for a refused token). Every answer names this replica (`firebreak-replica`): the agent's
 * next token may be addressed to it, and is then spent in this replica's memory, not in the database.
 */
export function withAgentSignature<C>(handler: Handler<C>): (request: Request, ctx: C) => Promise<Response> {
  return (request, ctx) => answerAgentRequest(request.headers.get("authorization"), (agent) => handler(request, { ...ctx, agent }));
}

/** withAgentSignature for a handler given no web Request: the directive long poll (pages/api/v1/agents/[id]/directives.ts). */
export async function answerAgentRequest(authorization: string | null, handler: (agent: AgentCaller) => Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await handler(await verifyAgentRequest(authorization));
  } catch (err) {
    res = problemFrom(err);
    if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="firebreak", error="invalid_token"');
  }
  res.headers.set(REPLICA_HEADER, replicaAudience());
  return res;
}

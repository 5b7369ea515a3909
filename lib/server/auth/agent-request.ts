import "server-only";
import { problemFrom } from "../http/problem.ts";
import { verifyAgentRequest, type AgentCaller } from "./verify-agent-request.ts";

type Handler<C> = (request: Request, ctx: C & { agent: AgentCaller }) => Promise<Response>;

/**
 * Wraps a route handler that agents call: the request must carry a valid signed Bearer token (see
 * verifyAgentRequest); the handler gets the calling agent. Errors become problem+json (401 with
 * WWW-Authenticate for a refused token).
 */
export function withAgentSignature<C>(handler: Handler<C>): (request: Request, ctx: C) => Promise<Response> {
  return async (request, ctx) => {
    try {
      const agent = await verifyAgentRequest(request.headers.get("authorization"));
      return await handler(request, { ...ctx, agent });
    } catch (err) {
      const res = problemFrom(err);
      if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="firebreak", error="invalid_token"');
      return res;
    }
  };
}

import "server-only";
import { can, type TAction } from "../../domain/permissions.ts";
import { problem, problemFrom } from "../http/problem.ts";
import { withSecurityHeaders } from "../http/security-headers.ts";
import { getCurrentUser, type CurrentUser } from "./current-user.ts";
import { assertSameOriginJson } from "./same-origin.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler for people: 401 without a session, 403 when the role may not do `action`,
 * same-origin JSON required for anything that changes state; errors become problem+json.
 * Agent signatures are never accepted here (the Authorization header is ignored). Every answer is
 * Cache-Control: no-store (it is about people and their work) and carries HSTS over https.
 */
export function withRole<P>(action: TAction, handler: (request: Request, ctx: { params: Promise<P>; user: CurrentUser }) => Promise<Response>) {
  return async (request: Request, ctx: { params: Promise<P> }): Promise<Response> =>
    withSecurityHeaders(await answer(action, handler, request, ctx), { noStore: true });
}

async function answer<P>(
  action: TAction,
  handler: (request: Request, ctx: { params: Promise<P>; user: CurrentUser }) => Promise<Response>,
  request: Request,
  ctx: { params: Promise<P> },
): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user) return problem("unauthenticated", "sign in first");
    if (!can(user.role, action)) return problem("forbidden", `the ${user.role} role may not do ${action}`);
    if (!SAFE.has(request.method)) assertSameOriginJson(request);
    return await handler(request, { params: ctx.params, user });
  } catch (err) {
    return problemFrom(err);
  }
}

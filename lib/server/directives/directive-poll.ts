import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { answerAgentRequest } from "../auth/agent-request.ts";
import { AppError } from "../errors.ts";
import { signAsControlPlane } from "../keys/control-plane-key.ts";
import { MAX_WAIT_S, waitForDirectives } from "./wait-for-directives.ts";

/** What Next's app routes answered in `vary` when this was one: kept, so the answer is the same as before. */
const VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

/**
 * GET /api/v1/agents/{id}/directives?after=<cursor>&wait=<s>, on Node's own request and response: the agent's
 * own directives, signed by the control plane; with wait (≤ 30 s) the answer waits until there is one (long
 * polling). Served from a Pages API route that returns at once (pages/api/v1/agents/[id]/directives.ts), so
 * a held poll keeps only Node's request and response and its own wait, not Next's whole request chain
 * (docs/scale.md#what-a-held-long-poll-costs-in-memory). The answers are an app route's: same status,
 * headers and body; HEAD as GET without the body, OPTIONS 204, any other method 405.
 */
export async function serveDirectivePoll(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  res.setHeader("vary", VARY);
  if (req.method === "OPTIONS") return void res.writeHead(204, { allow: "GET, HEAD, OPTIONS" }).end();
  if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;
  // The client leaving ends the wait (an app route's request.signal did the same).
  const left = new AbortController();
  const onClose = () => left.abort();
  res.once("close", onClose);
  try {
    const answer = await answerAgentRequest(req.headers.authorization ?? null, async (agent) => {
      if (id !== agent.agentId) throw new AppError("unauthenticated", `this token is for ${agent.agentId}, not ${id}`);
      const wait = query.get("wait") ?? "0";
      if (!/^\d{1,2}$/.test(wait) || Number(wait) > MAX_WAIT_S) throw new AppError("bad_request", `wait must be a whole number of seconds from 0 to ${MAX_WAIT_S}`);
      const feed = await waitForDirectives({ agentId: id, after: query.get("after"), waitS: Number(wait), signal: left.signal });
      const jws = await signAsControlPlane(feed, "fb-directives+jws");
      return new Response(jws, { headers: { "content-type": "application/jose", "cache-control": "no-store" } });
    });
    const body = await answer.text();
    if (res.destroyed) return;
    res.statusCode = answer.status;
    answer.headers.forEach((value, name) => res.setHeader(name, value));
    res.write(body);
    res.end();
  } catch (err) {
    console.error("directive request failed", err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  } finally {
    res.off("close", onClose);
  }
}

export type ServeDirectivePoll = typeof serveDirectivePoll;
const holder = globalThis as { __firebreakDirectivePoll?: ServeDirectivePoll };

/**
 * Makes serveDirectivePoll reachable from its Pages API route (at server start): Next compiles Pages routes
 * without the `react-server` condition, so they cannot import lib/server (`server-only` throws there).
 */
export function registerDirectivePoll(): void {
  holder.__firebreakDirectivePoll = serveDirectivePoll;
}

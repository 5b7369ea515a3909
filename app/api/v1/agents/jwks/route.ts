import { cachedAgentJwks } from "@/lib/server/agents/agent-jwks-cache.ts";
import { problemFrom } from "@/lib/server/http/problem.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/agents/jwks — every active agent public key (agents verify each other's messages with it).
// Every agent revalidates it every few seconds: an unchanged set answers 304 to its If-None-Match, from memory
// (docs/scale.md#the-agents-key-set-in-memory).
export async function GET(request: Request) {
  try {
    const { body, etag } = await cachedAgentJwks();
    const headers = { "cache-control": "no-cache", etag };
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return new Response(body, { headers: { ...headers, "content-type": "application/json" } });
  } catch (err) {
    return problemFrom(err);
  }
}

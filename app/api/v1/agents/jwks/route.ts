import { agentJwks } from "@/lib/server/agents/find-agents.ts";
import { problemFrom } from "@/lib/server/http/problem.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/agents/jwks — every active agent public key (agents verify each other's messages with it).
export async function GET() {
  try {
    return Response.json(await agentJwks(), { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return problemFrom(err);
  }
}

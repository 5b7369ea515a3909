import type { JWK } from "jose";
import { z } from "zod";
import { findAgents } from "@/lib/server/agents/find-agents.ts";
import { registerAgent } from "@/lib/server/agents/register-agent.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";

export const dynamic = "force-dynamic";

const ZRegister = z.object({ id: z.string(), name: z.string(), publicJwk: z.record(z.string(), z.unknown()).optional() }).strict();

// GET /api/v1/agents — every agent with its keys (kid, created, revoked); any signed-in person.
export const GET = withRole("dashboard.view", async () => Response.json({ agents: await findAgents() }, { headers: { "cache-control": "no-store" } }));

// POST /api/v1/agents — register an agent {id, name, publicJwk?} (admins). Without publicJwk a key pair is
// made and the private JWK is in this one response only: it is never stored.
export const POST = withRole("agent.register", async (request, { user }) => {
  const body = ZRegister.parse(await request.json());
  const r = await registerAgent({ id: body.id, name: body.name, publicJwk: body.publicJwk as JWK | undefined, actor: `user:${user.email}` });
  return Response.json(
    { agent: { id: r.agentId, kid: r.kid, publicJwk: r.publicJwk }, privateJwk: r.privateJwk ?? null },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});

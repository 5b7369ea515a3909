import type { JWK } from "jose";
import { z } from "zod";
import { addAgentKey } from "@/lib/server/agents/add-agent-key.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";

export const dynamic = "force-dynamic";

const ZAddKey = z.object({ publicJwk: z.record(z.string(), z.unknown()) }).strict();

// POST /api/v1/agents/{id}/keys — add a public Ed25519 JWK the agent made itself {publicJwk} (admins).
export const POST = withRole<{ id: string }>("agent.register", async (request, { params, user }) => {
  const { id } = await params;
  const body = ZAddKey.parse(await request.json());
  const r = await addAgentKey({ agentId: id, publicJwk: body.publicJwk as JWK, actor: `user:${user.email}` });
  return Response.json({ agentId: r.agentId, kid: r.kid, publicJwk: r.publicJwk }, { status: 201 });
});

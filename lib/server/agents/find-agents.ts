import "server-only";
import { getDb } from "../db/client.ts";
import { isUsableEd25519Key } from "../keys/ed25519-verify.ts";
import type { AgentListing } from "../../domain/views.ts";

/** One row of the agents page (lib/domain/views.ts). */
export type AgentSummary = AgentListing;

/** Lists agents with their keys, newest first. */
export async function findAgents(opts: { take?: number } = {}): Promise<AgentSummary[]> {
  return getDb().agent.findMany({
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 500,
    select: {
      id: true,
      name: true,
      status: true,
      policyVersion: true,
      policyAckAt: true,
      createdAt: true,
      keys: { select: { kid: true, createdAt: true, revokedAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
}

/** The public JWKS of every active key of every active agent (agents verify each other with it). */
export async function agentJwks(): Promise<{ keys: unknown[] }> {
  const keys = await getDb().agentKey.findMany({
    where: { revokedAt: null, agent: { status: "active" } },
    select: { publicJwk: true, agentId: true },
    // The kid breaks ties between keys made in the same millisecond: an unchanged set is served byte for byte the
    // same, so its ETag holds (docs/scale.md#the-agents-key-set-in-memory).
    orderBy: [{ createdAt: "asc" }, { kid: "asc" }],
  });
  // A small-order key stored before registration refused them is left out: agents would accept forgeries for it.
  return { keys: keys.map((k) => ({ ...JSON.parse(k.publicJwk), sub: k.agentId })).filter((jwk) => isUsableEd25519Key(jwk.x)) };
}

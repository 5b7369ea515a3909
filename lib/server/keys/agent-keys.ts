import { importJWK, type CryptoKey } from "jose";
import { getDb } from "../db/client.ts";

export type AgentKeyInfo = { kid: string; agentId: string; revoked: boolean; suspended: boolean; key: CryptoKey };

// Imported public keys by kid: importing is the costly part; revocation and suspension are
// re-read from the database on every lookup so they take effect at once.
const imported = new Map<string, Promise<CryptoKey>>();

/** Looks up the named keys among registered agent keys (never a key carried in a header). */
export async function lookupAgentKeys(kids: Iterable<string>): Promise<Map<string, AgentKeyInfo>> {
  const wanted = [...new Set(kids)];
  const rows = wanted.length
    ? await getDb().agentKey.findMany({
        where: { kid: { in: wanted } },
        select: { kid: true, agentId: true, publicJwk: true, revokedAt: true, agent: { select: { status: true } } },
      })
    : [];
  const out = new Map<string, AgentKeyInfo>();
  for (const row of rows) {
    let key = imported.get(row.kid);
    if (!key) {
      key = importJWK(JSON.parse(row.publicJwk), "EdDSA") as Promise<CryptoKey>;
      imported.set(row.kid, key);
    }
    out.set(row.kid, {
      kid: row.kid,
      agentId: row.agentId,
      revoked: row.revokedAt !== null,
      suspended: row.agent.status !== "active",
      key: await key,
    });
  }
  return out;
}

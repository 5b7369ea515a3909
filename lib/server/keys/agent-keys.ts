import "server-only";
import type { KeyObject } from "node:crypto";
import { getDb } from "../db/client.ts";
import { paramList, selectRows } from "../db/sql.ts";
import { ed25519KeyFromJwk, isUsableEd25519Key } from "./ed25519-verify.ts";

export type AgentKeyInfo = { kid: string; agentId: string; revoked: boolean; suspended: boolean; key: KeyObject; x: string };

type Imported = { key: KeyObject; x: string };

/** Why a key may not be used now (unknown, revoked, its agent suspended), with the ingest error code; or null. */
export function refuseKey(kid: string, key: AgentKeyInfo | undefined): { code: "unknown_key" | "revoked_key" | "agent_suspended"; detail: string } | null {
  if (!key) return { code: "unknown_key", detail: `no usable registered key ${kid}` };
  if (key.revoked) return { code: "revoked_key", detail: `key ${kid} was revoked` };
  if (key.suspended) return { code: "agent_suspended", detail: `agent ${key.agentId} is suspended` };
  return null;
}

// Imported public keys by kid (null: not usable), importing being the costly part; revocation and
// suspension are re-read from the database on every lookup so they take effect at once.
const imported = new Map<string, Imported | null>();

/** Looks up the named keys among registered agent keys (never a key carried in a header). */
export async function lookupAgentKeys(kids: Iterable<string>): Promise<Map<string, AgentKeyInfo>> {
  const wanted = [...new Set(kids)];
  // Raw SQL: this runs for every ingest batch, where Prisma's query layer costs more than the query.
  const rows = wanted.length
    ? await selectRows<{ kid: string; agentId: string; publicJwk: string; revokedAt: unknown; status: string }>(getDb(),
        `SELECT k."kid", k."agentId", k."publicJwk", k."revokedAt", a."status" FROM "AgentKey" k JOIN "Agent" a ON a."id" = k."agentId" WHERE k."kid" IN (${paramList(wanted.length)})`,
        wanted)
    : [];
  const out = new Map<string, AgentKeyInfo>();
  for (const row of rows) {
    let known = imported.get(row.kid);
    if (known === undefined) {
      const jwk = JSON.parse(row.publicJwk);
      // Registration refuses small-order keys (keys/jwk.ts); one stored before it did is never used.
      known = isUsableEd25519Key(jwk.x) ? { key: ed25519KeyFromJwk(jwk), x: jwk.x } : null;
      imported.set(row.kid, known);
    }
    if (!known) continue;
    out.set(row.kid, {
      kid: row.kid,
      agentId: row.agentId,
      revoked: row.revokedAt !== null,
      suspended: row.status !== "active",
      ...known,
    });
  }
  return out;
}

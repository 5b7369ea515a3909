import type { KeyObject } from "node:crypto";
import { getDb } from "../db/client.ts";
import { paramList, selectRows } from "../db/sql.ts";
import { ed25519KeyFromJwk } from "./ed25519-verify.ts";

export type AgentKeyInfo = { kid: string; agentId: string; revoked: boolean; suspended: boolean; key: KeyObject };

// Imported public keys by kid: importing is the costly part; revocation and suspension are
// re-read from the database on every lookup so they take effect at once.
const imported = new Map<string, KeyObject>();

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
    let key = imported.get(row.kid);
    if (!key) {
      key = ed25519KeyFromJwk(JSON.parse(row.publicJwk));
      imported.set(row.kid, key);
    }
    out.set(row.kid, {
      kid: row.kid,
      agentId: row.agentId,
      revoked: row.revokedAt !== null,
      suspended: row.status !== "active",
      key,
    });
  }
  return out;
}

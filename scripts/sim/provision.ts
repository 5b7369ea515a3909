import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Names each agent id's private JWK. */
export type TKeyring = Map<string, unknown>;

/**
 * A key for every agent: read from DIR/<id>.jwk.json when --keys-dir has one, else registered through the
 * agent registry beside the database (DATABASE_URL) and, with --keys-dir, saved there for the next run.
 */
export async function provisionAgents(ids: readonly string[], names: (id: string) => string, keysDir?: string): Promise<TKeyring> {
  const ring: TKeyring = new Map();
  const file = (id: string) => path.join(keysDir ?? ".", `${id}.jwk.json`);
  const missing = ids.filter((id) => !(keysDir && existsSync(file(id))));
  for (const id of ids) if (!missing.includes(id)) ring.set(id, JSON.parse(readFileSync(file(id), "utf8")));
  if (missing.length === 0) return ring;
  // Only runs beside the database: loaded lazily so a run with --keys-dir needs no database at all.
  const { registerAgent } = await import("../../lib/server/agents/register-agent.ts");
  const { migrate } = await import("../../lib/server/db/migrate.ts");
  const { databaseUrl } = await import("../../lib/server/db/url.ts");
  const { closeDb } = await import("../../lib/server/db/client.ts");
  await migrate(databaseUrl());
  try {
    if (keysDir) mkdirSync(keysDir, { recursive: true });
    for (const id of missing) {
      const r = await registerAgent({ id, name: names(id), actor: "cli:simulate" });
      ring.set(id, r.privateJwk);
      if (keysDir) writeFileSync(file(id), JSON.stringify(r.privateJwk, null, 2) + "\n", { mode: 0o600 });
    }
  } finally {
    await closeDb();
  }
  return ring;
}

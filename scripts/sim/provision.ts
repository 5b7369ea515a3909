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
  const { addAgentKey } = await import("../../lib/server/agents/add-agent-key.ts");
  const { generateEd25519Jwk } = await import("../../lib/server/keys/jwk.ts");
  const { AppError } = await import("../../lib/server/errors.ts");
  const { migrate } = await import("../../lib/server/db/migrate.ts");
  const { databaseUrl } = await import("../../lib/server/db/url.ts");
  const { closeDb } = await import("../../lib/server/db/client.ts");
  await migrate(databaseUrl());
  try {
    if (keysDir) mkdirSync(keysDir, { recursive: true });
    for (const id of missing) {
      let privateJwk: unknown;
      try {
        privateJwk = (await registerAgent({ id, name: names(id), actor: "cli:simulate" })).privateJwk;
      } catch (err) {
        // Registered before, but its key file is gone: give the agent a fresh key of its own.
        if (!(err instanceof AppError && err.code === "conflict")) throw err;
        const pair = await generateEd25519Jwk();
        await addAgentKey({ agentId: id, publicJwk: pair.publicJwk, actor: "cli:simulate" });
        privateJwk = pair.privateJwk;
      }
      ring.set(id, privateJwk);
      if (keysDir) writeFileSync(file(id), JSON.stringify(privateJwk, null, 2) + "\n", { mode: 0o600 });
    }
  } finally {
    await closeDb();
  }
  return ring;
}

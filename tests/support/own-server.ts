import { closeDb } from "../../lib/server/db/client.ts";
import { TEST_SECRET } from "./global-setup.ts";
import { startServer, type RunningServer } from "./server.ts";
import { freshTestDatabase } from "./test-db.ts";

export type OwnServer = { url: () => string; databaseUrl: string; restart: () => Promise<void>; stop: () => Promise<void> };

/**
 * A suite's own production server on its own fresh database, for settings the shared server does not have
 * (and for restarting it). The factories and services of this test file then use it; `stop` puts them back.
 */
export async function startOwnServer(name: string, env: Record<string, string>): Promise<OwnServer> {
  const saved = { db: process.env.DATABASE_URL, app: process.env.FIREBREAK_TEST_APP_URL };
  const databaseUrl = await freshTestDatabase(name);
  await closeDb();
  process.env.DATABASE_URL = databaseUrl;
  const start = () => startServer({ DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: TEST_SECRET, FIREBREAK_RATE_REQUESTS_PER_S: "100000", FIREBREAK_RATE_REQUESTS_BURST: "100000", ...env });
  let server: RunningServer = await start();
  process.env.FIREBREAK_TEST_APP_URL = server.url;
  return {
    url: () => server.url,
    databaseUrl,
    restart: async () => {
      await server.stop();
      server = await start();
      process.env.FIREBREAK_TEST_APP_URL = server.url;
    },
    stop: async () => {
      await server.stop();
      await closeDb();
      for (const [k, v] of [["DATABASE_URL", saved.db], ["FIREBREAK_TEST_APP_URL", saved.app]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

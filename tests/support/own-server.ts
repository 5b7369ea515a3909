import { closeDb } from "../../lib/server/db/client.ts";
import { setEnv } from "./env.ts";
import { TEST_SECRET } from "./global-setup.ts";
import { startServer, type RunningServer } from "./server.ts";
import { freshTestDatabase } from "./test-db.ts";

export type OwnServer = { url: () => string; databaseUrl: string; restart: () => Promise<void>; stop: () => Promise<void> };

/**
 * A suite's own production server on its own fresh database, for settings the shared server does not have
 * (and for restarting it). The factories and services of this test file then use it; `stop` puts them back.
 */
export async function startOwnServer(name: string, env: Record<string, string>): Promise<OwnServer> {
  const databaseUrl = await freshTestDatabase(name);
  await closeDb();
  const restoreEnv = setEnv({ DATABASE_URL: databaseUrl });
  const savedApp = process.env.FIREBREAK_TEST_APP_URL;
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
      restoreEnv();
      if (savedApp === undefined) delete process.env.FIREBREAK_TEST_APP_URL;
      else process.env.FIREBREAK_TEST_APP_URL = savedApp;
    },
  };
}

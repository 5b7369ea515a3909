import type { TestProject } from "vitest/node";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { startServer, type RunningServer } from "./server.ts";
import { freshTestDatabase } from "./test-db.ts";

let server: RunningServer | undefined;

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

export const TEST_SECRET = "test-secret-not-for-production-0123456789";

/** The environment the suites' servers run with, on the given database. */
export const testServerEnv = (databaseUrl: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  NEXTAUTH_SECRET: TEST_SECRET,
  FIREBREAK_RATE_REQUESTS_PER_S: "100000",
  FIREBREAK_RATE_REQUESTS_BURST: "100000",
  // Every test signs in from 127.0.0.1: only the tests of the delays themselves may meet them.
  FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS: "100000",
  FIREBREAK_BREAKER_SWEEP_S: "1",
});

/** Builds the app if needed, makes a fresh test database and starts the production server on loopback. */
export async function setup(project: TestProject) {
  buildIfNeeded();
  const databaseUrl = await freshTestDatabase(project.name);
  server = await startServer(testServerEnv(databaseUrl));
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", databaseUrl);
}

export async function teardown() {
  await server?.stop();
}

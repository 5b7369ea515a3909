import type { TestProject } from "vitest/node";
import { buildIfNeeded } from "../../scripts/build-if-needed.ts";
import { testServerEnv } from "./global-setup.ts";
import { startServer, type RunningServer } from "./server.ts";
import { freshTestDatabase } from "./test-db.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The two replicas' URLs: A first (the factories' server), then B. */
    replicaUrls: string[];
  }
}

let servers: RunningServer[] = [];

/**
 * Two `next start` replicas of the production build on one fresh PostgreSQL database, as an operator runs
 * Firebreak behind a load balancer (see docs/scale.md). PostgreSQL only: SQLite is one process by design.
 */
export async function setup(project: TestProject) {
  if (!/^postgres/.test(process.env.TEST_DATABASE_URL ?? "")) {
    throw new Error("the replicas suite needs TEST_DATABASE_URL=postgresql://…/…test… (two replicas share one PostgreSQL)");
  }
  buildIfNeeded();
  const databaseUrl = await freshTestDatabase(project.name);
  // A short grace, so a test can wait it out; no periodic sweep, so the tests choose when sweeps run (and run
  // them side by side, as two replicas' sweeps would).
  // Sign-in delays of a minute, so a paused account stays paused while a test looks at it from the other replica.
  const env = {
    ...testServerEnv(databaseUrl), FIREBREAK_UNREPORTED_TRIP_GRACE_S: "5", FIREBREAK_BREAKER_SWEEP_S: "3600", FIREBREAK_LOGIN_DELAY_BASE_S: "60",
    FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER: "3", // tests/replicas/review-cap.test.ts
    FIREBREAK_AUDIT_ANCHOR_INTERVAL_S: "1", // both replicas anchoring every second: tests/replicas/anchors.test.ts
  };
  servers = await Promise.all([startServer(env), startServer(env)]);
  project.provide("baseUrl", servers[0].url);
  project.provide("databaseUrl", databaseUrl);
  project.provide("replicaUrls", servers.map((s) => s.url));
}

export async function teardown() {
  await Promise.all(servers.map((s) => s.stop()));
}

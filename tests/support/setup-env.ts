import { afterAll, inject } from "vitest";
import { setEnv } from "./env.ts";
import { startPostgresBus, stopPostgresBus } from "../../lib/server/bus-postgres.ts";

// Services called directly by tests (factories, assertions) use the same database as the server.
setEnv({ DATABASE_URL: inject("databaseUrl") });

// On PostgreSQL, what those services publish (a key revoked, an agent suspended) reaches the server as another
// replica's would, so the caches it keeps drop at once (docs/scale.md#what-each-replica-keeps-in-memory); on
// SQLite the server sees this process's commits itself (data_version). A no-op on SQLite.
startPostgresBus();
afterAll(() => stopPostgresBus());

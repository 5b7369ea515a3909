import { inject } from "vitest";
import { setEnv } from "./env.ts";

// Services called directly by tests (factories, assertions) use the same database as the server.
setEnv({ DATABASE_URL: inject("databaseUrl") });

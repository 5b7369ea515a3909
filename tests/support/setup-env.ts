import { inject } from "vitest";

// Services called directly by tests (factories, assertions) use the same database as the server.
process.env.DATABASE_URL = inject("databaseUrl");

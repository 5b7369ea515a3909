import { z } from "zod";
import { int, text, unsetIfBlank, type Variable } from "./variable.ts";

/** A database URL Firebreak knows: a SQLite file, SQLite in memory, or PostgreSQL. */
const databaseUrl: Variable<string | undefined> = {
  schema: z.preprocess(unsetIfBlank, z.string().regex(/^(file:.+|:memory:|postgres(ql)?:\/\/.+)$/).optional()),
  expect: "file:PATH, :memory: or postgresql://…",
  shown: "file:./data/firebreak.db",
  doc: "the database: a SQLite file or PostgreSQL",
  secret: true,
};

/** The database, the audit anchor, and where the server listens. */
export const SERVER_VARS = {
  DATABASE_URL: databaseUrl,
  DATABASE_DIRECT_URL: {
    schema: z.preprocess(unsetIfBlank, z.string().regex(/^postgres(ql)?:\/\/.+$/).optional()),
    expect: "postgresql://…",
    shown: "DATABASE_URL",
    doc: "PostgreSQL reached directly, not through a transaction pooler: for the LISTEN connection and db:migrate",
    secret: true,
  } satisfies Variable<string | undefined>,
  DATABASE_POOL_SIZE: int({ default: 10, min: 1, max: 1_000, doc: "PostgreSQL connections per replica" }),
  FIREBREAK_AUDIT_ANCHOR_INTERVAL_S: int({ default: 60, min: 1, max: 86_400, doc: "how often the audit chain's head is signed" }),
  FIREBREAK_AUDIT_ANCHOR_FILE: text({ default: undefined, shown: "<database>.anchors.jsonl beside the data", doc: "the append-only file the audit checkpoints go to" }),
  FIREBREAK_HEAP_GROWTH_PERCENT: int({ default: 20, min: 0, max: 1_000, doc: "how far the JavaScript heap may grow past its live data before a full collection (0: V8's own choice)" }),
  PORT: int({ default: 3000, min: 1, max: 65_535, doc: "the HTTP port the server listens on" }),
  HOST: text({ default: "127.0.0.1", doc: "the address npm run demo listens on" }),
};

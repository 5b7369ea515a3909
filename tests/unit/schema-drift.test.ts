import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresSchemaFrom } from "../../lib/server/db/postgres-schema.ts";

const read = (p: string) => readFileSync(p, "utf8");
const dirs = (p: string) => readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe("storage: the PostgreSQL schema and migrations never drift from the SQLite ones", () => {
  it("prisma/postgres/schema.prisma is exactly what the generator makes from prisma/schema.prisma", () => {
    expect(read("prisma/postgres/schema.prisma")).toBe(postgresSchemaFrom(read("prisma/schema.prisma")));
  });

  it("the last migration's schema snapshot is the current schema (no change without a migration)", () => {
    const last = dirs("prisma/migrations").at(-1)!;
    expect(read(`prisma/migrations/${last}/schema.prisma`)).toBe(read("prisma/schema.prisma"));
  });

  it("every SQLite migration has its PostgreSQL twin", () => {
    expect(dirs("prisma/postgres/migrations")).toEqual(dirs("prisma/migrations"));
  });

  // A migration may end with hand-written data statements (a backfill) after a line starting "-- Data:".
  it("the last PostgreSQL migration is what prisma migrate diff generates (before any -- Data: section)", () => {
    const all = dirs("prisma/migrations");
    const [prev, last] = [all.at(-2), all.at(-1)!];
    mkdirSync("data/drift", { recursive: true });
    writeFileSync("data/drift/to.prisma", postgresSchemaFrom(read(`prisma/migrations/${last}/schema.prisma`)));
    const from = prev ? ["--from-schema-datamodel", "data/drift/from.prisma"] : ["--from-empty"];
    if (prev) writeFileSync("data/drift/from.prisma", postgresSchemaFrom(read(`prisma/migrations/${prev}/schema.prisma`)));
    const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "data/drift/to.prisma", "--script"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const schemaPart = read(`prisma/postgres/migrations/${last}/migration.sql`).split(/^-- Data:/m)[0];
    // Prisma writes an Int → BigInt autoincrement key as `SET DATA TYPE BIGSERIAL`, which PostgreSQL refuses
    // (bigserial is not a type): the migration says BIGINT and widens the sequence in its -- Data: section.
    expect(schemaPart.trimEnd()).toBe(sql.replaceAll("SET DATA TYPE BIGSERIAL", "SET DATA TYPE BIGINT").trimEnd());
  }, 30_000);
});

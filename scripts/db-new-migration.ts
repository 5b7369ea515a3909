// npm run db:new-migration -- NAME — writes the SQLite and PostgreSQL migrations that take the schema
// of the last migration to the current prisma/schema.prisma, with a snapshot of the schema beside each.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { postgresSchemaFrom } from "../lib/server/db/postgres-schema.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- name_in_snake_case");
  process.exit(2);
}
const dirs = readdirSync("prisma/migrations").filter((d) => existsSync(`prisma/migrations/${d}/schema.prisma`)).sort();
const last = dirs.at(-1);
const next = `${String(dirs.length + 1).padStart(4, "0")}_${name}`;
const tmp = path.join("data", "migration-tmp");
mkdirSync(tmp, { recursive: true });

function diff(from: string | null, to: string): string {
  const args = ["prisma", "migrate", "diff", ...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]), "--to-schema-datamodel", to, "--script"];
  return execFileSync("npx", args, { encoding: "utf8" });
}

const current = readFileSync("prisma/schema.prisma", "utf8");
writeFileSync(`${tmp}/pg-new.prisma`, postgresSchemaFrom(current));
let pgFrom: string | null = null;
if (last) {
  writeFileSync(`${tmp}/pg-old.prisma`, postgresSchemaFrom(readFileSync(`prisma/migrations/${last}/schema.prisma`, "utf8")));
  pgFrom = `${tmp}/pg-old.prisma`;
}
const sqliteSql = diff(last ? `prisma/migrations/${last}/schema.prisma` : null, "prisma/schema.prisma");
const pgSql = diff(pgFrom, `${tmp}/pg-new.prisma`);
const isEmpty = (sql: string) => !sql.trim() || sql.includes("This is an empty migration");
// A change only PostgreSQL sees (an `// int8 on PostgreSQL` marker) still makes a migration for both: SQLite's is a no-op.
if (isEmpty(sqliteSql) && isEmpty(pgSql)) {
  console.error("schema.prisma has not changed since the last migration");
  process.exit(1);
}
for (const [dir, sql] of [[`prisma/migrations/${next}`, sqliteSql], [`prisma/postgres/migrations/${next}`, pgSql]]) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/migration.sql`, sql);
}
copyFileSync("prisma/schema.prisma", `prisma/migrations/${next}/schema.prisma`);
writeFileSync("prisma/postgres/schema.prisma", postgresSchemaFrom(current));
console.log(`wrote prisma/migrations/${next} and prisma/postgres/migrations/${next}`);

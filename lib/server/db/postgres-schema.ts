import "server-only";

// An Int field marked `// int8 on PostgreSQL` (a counter that can pass 2^31 − 1) is BigInt there; SQLite's
// INTEGER already holds 64 bits, so the SQLite schema keeps Int (BigInt would rebuild its rowid tables).
const MARKED_INT = /^(\s+\w+\s+)Int(\??)(?=\s.*\/\/ int8 on PostgreSQL)/gm;

/** Derives the PostgreSQL variant of the Prisma schema from the SQLite one. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const header =
    "// GENERATED from prisma/schema.prisma by `npm run db:generate`. Do not edit by hand.\n";
  return (
    header +
    sqliteSchema
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/firebreak"')
      .replace('output     = "../lib/server/generated/prisma"', 'output     = "../../lib/server/generated/prisma-pg"')
      .replace(MARKED_INT, "$1BigInt$2")
  );
}

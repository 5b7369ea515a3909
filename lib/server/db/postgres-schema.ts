import "server-only";

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
  );
}

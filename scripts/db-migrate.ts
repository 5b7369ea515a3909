// npm run db:migrate — applies the committed migrations to DATABASE_URL (SQLite file or PostgreSQL; DATABASE_DIRECT_URL when set).
import { exitOnBadConfig } from "../lib/server/config/exit-on-bad-config.ts";
import { migrate } from "../lib/server/db/migrate.ts";
import { directDatabaseUrl } from "../lib/server/db/url.ts";

exitOnBadConfig("npm run db:migrate");

const url = directDatabaseUrl();
const result = await migrate(url);
const where = url.startsWith("file:") ? url : url.replace(/\/\/[^@]*@/, "//***@");
console.log(
  result.applied.length
    ? `applied ${result.applied.join(", ")} to ${where}`
    : `${where} is up to date (${result.alreadyApplied} migrations)`,
);

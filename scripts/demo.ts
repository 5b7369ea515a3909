// npm run demo — migrate the SQLite database, build when needed, start Firebreak on http://localhost:3000.
import { spawn } from "node:child_process";
import path from "node:path";
import { migrate } from "../lib/server/db/migrate.ts";
import { databaseUrl } from "../lib/server/db/url.ts";
import { buildIfNeeded } from "../tests/support/build.ts";

const port = process.env.PORT ?? "3000";
const url = databaseUrl();
const result = await migrate(url);
console.log(result.applied.length ? `migrated ${url}: ${result.applied.join(", ")}` : `database ${url} is up to date`);
buildIfNeeded();

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXTAUTH_URL: `http://localhost:${port}`, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "demo-only-secret-change-me-in-production" };
const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", port], { env, stdio: "inherit" });
console.log(`\nFirebreak is starting on http://localhost:${port}`);
console.log("The database is empty: register agents with `npm run agent:register` and post events (see README).\n");
const stop = () => server.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code: number | null) => process.exit(code ?? 0));

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "pages", "components", "lib", "prisma", "public", "next.config.js", "package.json", "proxy.ts", "instrumentation.ts"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).filter((n) => n !== "generated").map((n) => newestMtime(path.join(p, n))));
}

/** Builds the production app unless .next is newer than every source file. */
export function buildIfNeeded(): void {
  const buildId = path.resolve(".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map((s) => newestMtime(path.resolve(s))));
  if (built > changed) return;
  console.log("building the app (next build)…");
  execFileSync(process.execPath, [path.resolve("node_modules", "next", "dist", "bin", "next"), "build"], { stdio: "inherit" });
}

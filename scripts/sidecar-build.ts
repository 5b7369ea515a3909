// Builds the sidecar as plain JavaScript (sidecar/dist/cli.js), the form `firebreak-sidecar` runs: one ESM
// bundle of the sidecar, the SDK and the domain rules; npm packages stay imports. Usage: npm run sidecar:build
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
/** The bundle `firebreak-sidecar` runs. */
export const SIDECAR_BUNDLE = path.join(ROOT, "sidecar", "dist", "cli.js");
// What the bundle is made of: a source newer than the bundle means it is out of date.
const SOURCES = ["sidecar", "sdk", "lib/domain"].map((p) => path.join(ROOT, p));

function newestSource(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return p.endsWith(".ts") ? s.mtimeMs : 0;
  return Math.max(0, ...readdirSync(p).filter((n) => n !== "dist" && n !== "node_modules").map((n) => newestSource(path.join(p, n))));
}

/** Bundles sidecar/cli.ts to sidecar/dist/cli.js (with a source map). */
export async function buildSidecar(): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, "sidecar", "cli.ts")],
    outfile: SIDECAR_BUNDLE,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    packages: "external",
    logLevel: "warning",
  });
  return SIDECAR_BUNDLE;
}

/** Builds the bundle unless it is newer than every source it is made of. */
export async function buildSidecarIfNeeded(): Promise<string> {
  const built = existsSync(SIDECAR_BUNDLE) ? statSync(SIDECAR_BUNDLE).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestSource))) return SIDECAR_BUNDLE;
  return buildSidecar();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildSidecar();
  console.log(`built ${path.relative(process.cwd(), SIDECAR_BUNDLE)}`);
}

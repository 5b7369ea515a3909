// Builds the agent SDK as a package (sdk/dist): one ESM bundle with the domain rules built in, plus type
// declarations, so the packed SDK needs nothing from this repository. Usage: npm run sdk:build
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const SDK = path.resolve(import.meta.dirname, "..", "sdk");

/** Bundles sdk/index.ts (with lib/domain) to sdk/dist/index.js and emits declarations under sdk/dist/types. */
export async function buildSdk(): Promise<string> {
  const dist = path.join(SDK, "dist");
  rmSync(dist, { recursive: true, force: true });
  const { dependencies } = JSON.parse(readFileSync(path.join(SDK, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  await build({
    entryPoints: [path.join(SDK, "index.ts")],
    outfile: path.join(dist, "index.js"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    // Only the package's declared dependencies stay imports; anything else would be a missing dependency.
    external: Object.keys(dependencies),
    logLevel: "warning",
  });
  const tsc = path.resolve(SDK, "..", "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(SDK, "tsconfig.build.json")], { stdio: "inherit" });
  pointDeclarationsAtJs(path.join(dist, "types"));
  return dist;
}

/**
 * tsc keeps the sources' `./x.ts` specifiers in declarations; a consumer compiling without
 * allowImportingTsExtensions refuses them, so they become `./x.js` (which resolves to `./x.d.ts`).
 */
function pointDeclarationsAtJs(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.ts\2/g, "$1$2$3.js$2"));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildSdk();
  console.log(`built ${path.relative(process.cwd(), path.join(SDK, "dist"))}`);
}

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// Modules of lib/server that load outside React's server layer, so they cannot carry the marker. None of them
// reads the database, a secret or a private key.
const LOADED_OUTSIDE_NEXT_SERVER = new Set([
  // the check worker thread (ingest/check-pool.ts) and what it loads: verification with public keys
  "ingest/check-worker.ts", "ingest/check-batch.ts", "ingest/check-event.ts", "ingest/safe-json.ts", "keys/ed25519-verify.ts",
  // what proxy.ts (Next's request proxy) loads: configuration and header values
  "config/security-config.ts", "ingest/limits.ts", "http/security-headers.ts",
  "config/config.ts", "config/variable.ts", "config/server-vars.ts", "config/sign-in-vars.ts", "config/ingest-vars.ts",
  "config/breaker-vars.ts", "config/notify-vars.ts",
  // types only, nothing at run time
  "reviews/evidence.ts",
]);

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : modules(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

test('every lib/server module imports "server-only", so Next refuses to bundle it into a page (docs/architecture.md#layers-and-idioms)', () => {
  const root = path.resolve("lib", "server");
  const missing = modules(root)
    .map((f) => path.relative(root, f).split(path.sep).join("/"))
    .filter((f) => !LOADED_OUTSIDE_NEXT_SERVER.has(f) && !/^import "server-only";$/m.test(readFileSync(path.join(root, f), "utf8")));
  expect(missing, 'add `import "server-only";` as the first import of these modules').toEqual([]);
});

#!/usr/bin/env node
// The firebreak-sidecar command: runs the built sidecar (npm run sidecar:build makes it; see docs/sidecar.md).
import { existsSync } from "node:fs";

const bundle = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(bundle)) {
  console.error("firebreak-sidecar is not built yet: run `npm run sidecar:build` (or run it from source with `npm run sidecar -- --config FILE.yaml`)");
  process.exit(2);
}
await import(bundle.href);

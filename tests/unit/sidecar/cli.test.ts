import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSidecar } from "../../../scripts/sidecar-build.ts";

const dir = mkdtempSync(path.join(tmpdir(), "sidecar-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FROM_SOURCE = ["--import", "tsx", "sidecar/cli.ts"];

/** Runs `npm run sidecar -- --config FILE` (the CLI itself, or `cli` as given) on a config text; returns its exit code and stderr. */
function run(yaml: string | undefined, cli = FROM_SOURCE): { status: number | null; stderr: string } {
  const args = [...cli];
  if (yaml !== undefined) {
    const file = path.join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, yaml);
    args.push("--config", file);
  }
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

describe("firebreak-sidecar CLI: a config that cannot be used stops it with exit 2 naming the key", () => {
  it("a missing --config, a bad key and a missing key file each exit 2 with a message saying what to fix", () => {
    expect(run(undefined)).toMatchObject({ status: 2, stderr: expect.stringMatching(/missing --config/) });
    const bad = run("agent: Not An Id\nkey: ./k.json\ncontrolPlane: http://127.0.0.1:3000\ninbound: { listen: 127.0.0.1:0, upstream: http://127.0.0.1:8101 }\noutbound: { listen: 127.0.0.1 }\n");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/agent: must be an agent id/);
    expect(bad.stderr).toMatch(/outbound\.listen: must be host:port/);
    const noKey = run("agent: buyer\nkey: ./missing.jwk.json\ncontrolPlane: http://127.0.0.1:3000\ninbound: { listen: 127.0.0.1:0, upstream: http://127.0.0.1:8101 }\noutbound: { listen: 127.0.0.1:0 }\n");
    expect(noKey).toMatchObject({ status: 2, stderr: expect.stringMatching(/key: cannot read a JSON private key/) });
  }, 120_000);
});

describe("firebreak-sidecar, the bin: runs the built sidecar (npm run sidecar:build)", () => {
  it("the built bundle is the same CLI: a bad config exits 2 naming the key", async () => {
    await buildSidecar();
    const bad = run("agent: Not An Id\nkey: ./k.json\ncontrolPlane: http://127.0.0.1:3000\ninbound: { listen: 127.0.0.1:0, upstream: http://127.0.0.1:8101 }\noutbound: { listen: 127.0.0.1:0 }\n", ["sidecar/bin/firebreak-sidecar.js"]);
    expect(bad).toMatchObject({ status: 2, stderr: expect.stringMatching(/agent: must be an agent id/) });
  }, 120_000);
});


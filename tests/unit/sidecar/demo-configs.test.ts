import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cast } from "../../../scripts/a2a/cast.ts";
import { writeConfigs } from "../../../scripts/a2a/configs.ts";
import { seededRng } from "../../../scripts/sim/prng.ts";
import { readFeed } from "../../../scripts/sim/supply-chain-roles.ts";
import { runValidators } from "../../../sdk/messages/validators.ts";
import { loadSidecarConfig } from "../../../sidecar/config.ts";
import { createValidators } from "../../../sidecar/validators/index.ts";
import { a2aMessage } from "./support.ts";

describe("the A2A demo's generated sidecar configs", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fb-a2a-demo-"));
  const members = cast(8100);
  const files = writeConfigs(dir, members, "http://localhost:3000");

  it("every config loads as a sidecar config, its peers are the peers' inbound sidecars, its validators build", () => {
    for (const m of members) {
      const config = loadSidecarConfig(files.get(m.id)!);
      expect(config).toMatchObject({ agent: m.id, inbound: { upstream: `http://127.0.0.1:${m.port}` }, outbound: { listen: `127.0.0.1:${m.outbound}` } });
      for (const p of m.peers) expect(config.peers[p]).toBe(`http://127.0.0.1:${members.find((x) => x.id === p)!.inbound}`);
      expect(() => createValidators(config.validators, { baseDir: config.baseDir })).not.toThrow();
    }
  });

  it("B's sidecar passes the healthy feed and refuses the poisoned one as an outlier", async () => {
    const config = loadSidecarConfig(files.get("purchase-recommender")!);
    const checks = createValidators(config.validators, { baseDir: config.baseDir })("price-monitor");
    const rng = seededRng(42);
    const answer = (poisoned: boolean) => a2aMessage("price-monitor", [{ data: { items: readFeed(rng, poisoned).map((q) => ({ ...q, sku: "steel-coil" })) } }]);
    for (let i = 0; i < 4; i++) expect(await runValidators(answer(false), checks)).toMatchObject({ ok: true });
    const poisoned = await runValidators(answer(true), checks);
    expect(poisoned.ok).toBe(false);
    expect(poisoned.reasons[0]).toMatch(/^outlier: acme-metals at [\d.]+ is \d+ % off its median/);
    expect(poisoned.anomalyScore).toBeGreaterThan(0.5);
  });
});

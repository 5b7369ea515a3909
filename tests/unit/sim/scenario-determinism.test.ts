import { describe, expect, it } from "vitest";
import { seededRng } from "../../../scripts/sim/prng.ts";
import { layeredGraph } from "../../../scripts/sim/scale.ts";
import { priceValidator, readFeed, remember } from "../../../scripts/sim/supply-chain-roles.ts";
import type { TMessage } from "../../../sdk/index.ts";

const message = (body: unknown): TMessage => ({ messageId: "m", sender: "price-monitor", receivers: ["purchase-recommender"], body: body as never, chain: ["price-monitor"], parents: [], iat: 0 });

describe("simulator scenarios", () => {
  it("the same seed draws the same feed and the same graph; another seed does not", () => {
    expect(readFeed(seededRng(7), true)).toEqual(readFeed(seededRng(7), true));
    expect(layeredGraph(50, seededRng(7))).toEqual(layeredGraph(50, seededRng(7)));
    expect(layeredGraph(50, seededRng(8))).not.toEqual(layeredGraph(50, seededRng(7)));
  });

  it("the layered graph only points to the next layer, at most 3 receivers each, at most 5 layers", () => {
    const g = layeredGraph(200, seededRng(1));
    for (const [id, down] of g.down) {
      expect(down.length).toBeLessThanOrEqual(3);
      for (const r of down) expect(g.layer.get(r)).toBe(g.layer.get(id)! + 1);
    }
    expect(Math.max(...g.layer.values())).toBeLessThan(5);
  });

  it("B's validator passes fair prices and flags the poisoned supplier 60 % low", () => {
    const rng = seededRng(3);
    const history = new Map<string, number[]>();
    for (let i = 0; i < 3; i++) remember(history, readFeed(rng, false));
    const validate = priceValidator(history);
    expect(validate(message({ quotes: readFeed(rng, false) }))).toMatchObject({ ok: true });
    const poisoned = validate(message({ quotes: readFeed(rng, true) }));
    expect(poisoned).toMatchObject({ ok: false, reason: expect.stringMatching(/acme-metals/) });
    expect(poisoned.anomalyScore).toBeGreaterThan(0.5);
  });
});

import { describe, expect, it } from "vitest";
import { Poller } from "../../../sdk/poller.ts";
import { testClock } from "./support/clock.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs a long-polling Poller over `outcomes` (true: an answered poll, false: a failed one), then stops it; returns the pauses it took. */
async function pausesFor(outcomes: boolean[], random: () => number) {
  const clock = testClock();
  let round = 0;
  let poller: Poller;
  const done = new Promise<void>((resolve) => {
    poller = new Poller({
      clock, logger: quiet, intervalMs: 2_000, longPoll: true, random, refreshPolicy: async () => {},
      poll: async () => {
        const ok = outcomes[round++];
        if (round >= outcomes.length) resolve();
        // An answered long poll was held at the control plane for a while.
        if (ok) {
          clock.advance(20_000);
          return { directives: [] };
        }
        throw new Error("connection reset");
      },
    });
    poller.start();
  });
  await done;
  await poller!.stop();
  return clock.sleeps;
}

describe("directive poller: reconnects after failures", () => {
  it("backs off, doubling from twice the interval to at most a minute, and starts over after an answer", async () => {
    const pauses = await pausesFor([false, false, false, false, false, false, false, true, false, true], () => 1);
    expect(pauses).toEqual([4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 4_000]);
  });

  it("spreads agents cut off together: each pause is drawn from the upper half of the doubled window", async () => {
    const low = await pausesFor([false, false, false, true], () => 0);
    expect(low).toEqual([2_000, 4_000, 8_000]);
    const draws = [0.1, 0.9, 0.5];
    const mixed = await pausesFor([false, false, false, true], () => draws.shift() ?? 0.5);
    expect(mixed).toEqual([2_200, 7_600, 12_000]);
  });

  it("an answered long poll is followed at once by the next, with no pause", async () => {
    expect(await pausesFor([true, true, true], () => 0.5)).toEqual([]);
  });
});

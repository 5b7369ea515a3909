import type { TClock } from "../../../../sdk/clock.ts";

/** A fake clock for SDK tests: time moves only when told to, or by the amount a sleep asks for (recorded). */
export type TTestClock = TClock & { t: number; sleeps: number[]; advance(ms: number): void };

/** A test clock starting at `start` (epoch ms); sleep(ms) advances time by ms and yields once. */
export function testClock(start = Date.parse("2026-03-01T10:00:00.000Z")): TTestClock {
  const clock: TTestClock = {
    t: start,
    sleeps: [],
    now: () => clock.t,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms) => {
      clock.t += ms;
    },
  };
  return clock;
}

/** The SDK's only source of time: `now()` in epoch ms, and `sleep` for the reporter and poller (tests inject a fake). */
export type TClock = { now(): number; sleep(ms: number): Promise<void> };

/** The real clock. */
export const systemClock: TClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

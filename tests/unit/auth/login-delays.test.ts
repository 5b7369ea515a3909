import { describe, expect, it } from "vitest";
import { mustWait, recordFailure, recordSuccess } from "../../../lib/server/auth/login-delays.ts";

// Defaults: 3 failures per (account, address), 20 per address, 10 per account; waits of 1 s doubling to 900 s.
describe("sign-in delays", () => {
  it("after the free failures the wait doubles, and ends: no lock", () => {
    const email = `d-${Math.random()}@example.test`;
    let t = 1_000_000;
    for (let i = 0; i < 3; i++) recordFailure(email, "192.0.2.1", t);
    expect(mustWait(email, "192.0.2.1", t)).toBe(true);
    expect(mustWait(email, "192.0.2.1", t + 999)).toBe(true);
    expect(mustWait(email, "192.0.2.1", t + 1000)).toBe(false);
    t += 1000;
    recordFailure(email, "192.0.2.1", t);
    expect(mustWait(email, "192.0.2.1", t + 1999)).toBe(true);
    expect(mustWait(email, "192.0.2.1", t + 2000)).toBe(false);
    expect(mustWait(email, "192.0.2.2", t)).toBe(false);
  });

  it("the account's own delay spares addresses it signed in from", () => {
    const email = `s-${Math.random()}@example.test`;
    const t = 2_000_000;
    recordSuccess(email, "192.0.2.9", t);
    for (let i = 0; i < 10; i++) recordFailure(email, `198.51.100.${i}`, t);
    expect(mustWait(email, "198.51.100.200", t)).toBe(true);
    expect(mustWait(email, "192.0.2.9", t)).toBe(false);
  });
});

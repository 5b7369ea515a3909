import { describe, expect, it } from "vitest";
import { addSecondsClamped, MAX_TIME_MS } from "../../../lib/domain/clamp-time.ts";

describe("computed dates stay valid", () => {
  it("adds seconds to a time", () => {
    expect(addSecondsClamped(1_000, 300)).toBe(301_000);
  });

  it("a sum past the last valid date is the last valid date, never an Invalid Date", () => {
    const t = addSecondsClamped(Date.now(), Number.MAX_SAFE_INTEGER);
    expect(t).toBe(MAX_TIME_MS);
    expect(new Date(t).toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(addSecondsClamped(Date.now(), Number.POSITIVE_INFINITY)).toBe(MAX_TIME_MS);
    expect(addSecondsClamped(Date.now(), Number.NaN)).toBe(MAX_TIME_MS);
  });
});

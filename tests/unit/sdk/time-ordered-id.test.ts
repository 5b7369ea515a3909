import { describe, expect, it } from "vitest";
import { timeOrderedId } from "../../../sdk/time-ordered-id.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => parseInt(id.replace(/-/g, "").slice(0, 12), 16);

describe("timeOrderedId", () => {
  it("is a UUIDv7 carrying the time it was made", () => {
    const id = timeOrderedId(Date.UTC(2026, 10, 27, 12));
    expect(id).toMatch(UUID_V7);
    expect(msOf(id)).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 27, 12));
  });

  it("sorts in the order the ids were made, even thousands within one millisecond", () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it("stays in order when the clock steps back", () => {
    const later = timeOrderedId(Date.UTC(2031, 0, 1));
    const afterStepBack = timeOrderedId(Date.UTC(2020, 0, 1));
    expect(afterStepBack > later).toBe(true);
  });
});

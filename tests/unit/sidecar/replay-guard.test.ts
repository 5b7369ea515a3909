import { describe, expect, it } from "vitest";
import { MAX_SKEW_S, ReplayGuard } from "../../../sidecar/replay-guard.ts";

const t0 = 1_800_000_000_000;
const s = (ms: number) => ms / 1000;

describe("ReplayGuard: an id is refused again for as long as its iat is accepted", () => {
  it("an id whose iat is ahead of our clock is kept until iat + window, not arrival + window", () => {
    const g = new ReplayGuard();
    expect(g.accept("m1", s(t0) + 290, t0)).toBe(true);
    expect(g.accept("m2", s(t0) + 301, t0 + 301_000)).toBe(true); // a later message: forgetting runs
    expect(g.check("m1", s(t0) + 290, t0 + 302_000)).toBe("seen"); // iat still inside the window
    expect(g.check("m1", s(t0) + 290, t0 + 290_000 + MAX_SKEW_S * 1000 + 1000)).toBe("stale"); // and once it is not, the window refuses it
  });

  it("an id is kept until arrival + window when its iat is behind", () => {
    const g = new ReplayGuard();
    expect(g.accept("a", s(t0) - 200, t0)).toBe(true);
    expect(g.check("a", s(t0) - 200, t0 + 99_000)).toBe("seen");
    expect(g.check("a", s(t0) - 200, t0 + 101_000)).toBe("stale");
  });

  it("when full it refuses new ids (fail closed) rather than forget ids still inside their window; once they expire it takes new ones", () => {
    const g = new ReplayGuard(2);
    expect(g.accept("a", s(t0), t0)).toBe(true);
    expect(g.accept("b", s(t0), t0)).toBe(true);
    expect(g.check("c", s(t0), t0 + 1000)).toBe("full");
    expect(g.check("a", s(t0), t0 + 2000)).toBe("seen"); // a was not forgotten to make room
    const later = t0 + MAX_SKEW_S * 1000 + 2000;
    expect(g.check("c", s(later), later)).toBe("ok");
  });
});

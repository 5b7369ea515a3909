import { describe, expect, it } from "vitest";
import { MAX_SKEW_S, ReplayGuard } from "../../../sidecar/replay-guard.ts";

const t0 = 1_800_000_000_000;
const s = (ms: number) => ms / 1000;

describe("ReplayGuard: an id is refused again for as long as its iat is accepted", () => {
  it("an id whose iat is ahead of our clock is kept until iat + window, not arrival + window", () => {
    const g = new ReplayGuard();
    expect(g.check("x", "m1", s(t0) + 290, t0)).toBe("ok");
    expect(g.check("x", "m2", s(t0) + 301, t0 + 301_000)).toBe("ok"); // a later message: forgetting runs
    expect(g.check("x", "m1", s(t0) + 290, t0 + 302_000)).toBe("seen"); // iat still inside the window
    expect(g.check("x", "m1", s(t0) + 290, t0 + 290_000 + MAX_SKEW_S * 1000 + 1000)).toBe("stale"); // and once it is not, the window refuses it
  });

  it("an id is kept until arrival + window when its iat is behind", () => {
    const g = new ReplayGuard();
    expect(g.check("x", "a", s(t0) - 200, t0)).toBe("ok");
    expect(g.check("x", "a", s(t0) - 200, t0 + 99_000)).toBe("seen");
    expect(g.check("x", "a", s(t0) - 200, t0 + 101_000)).toBe("stale");
  });

  it("when full it refuses new ids (fail closed) rather than forget ids still inside their window; once they expire it takes new ones", () => {
    const g = new ReplayGuard({ perSender: 2 });
    expect(g.check("x", "a", s(t0), t0)).toBe("ok");
    expect(g.check("x", "b", s(t0), t0)).toBe("ok");
    expect(g.check("x", "c", s(t0), t0 + 1000)).toBe("full");
    expect(g.check("x", "a", s(t0), t0 + 2000)).toBe("seen"); // a was not forgotten to make room
    const later = t0 + MAX_SKEW_S * 1000 + 2000;
    expect(g.check("x", "c", s(later), later)).toBe("ok");
  });
});

describe("ReplayGuard: each sender has its own share", () => {
  it("a sender that fills its share is refused alone (fail closed for it); the others go on", () => {
    const g = new ReplayGuard({ perSender: 3 });
    for (const id of ["a", "b", "c"]) expect(g.check("x", id, s(t0), t0)).toBe("ok");
    expect(g.check("x", "d", s(t0), t0 + 1000)).toBe("full");
    expect(g.check("x", "a", s(t0), t0 + 1000)).toBe("seen");
    expect(g.check("y", "d", s(t0), t0 + 1000)).toBe("ok");
    expect(g.check("y", "a", s(t0), t0 + 1000)).toBe("ok"); // ids are the sender's own: x's cannot take y's
    expect(g.check("y", "a", s(t0), t0 + 1000)).toBe("seen");
    expect([g.sizeOf("x"), g.sizeOf("y"), g.size]).toEqual([3, 2, 5]);
  });

  it("once all senders together hold `total`, only the senders over an equal split are refused", () => {
    const g = new ReplayGuard({ perSender: 100, total: 6 });
    for (let i = 0; i < 6; i++) expect(g.check("x", `x${i}`, s(t0), t0)).toBe("ok");
    expect(g.check("x", "x6", s(t0), t0)).toBe("full"); // 6 ≥ 6 / 2 (x and the newcomer)
    expect(g.check("y", "y0", s(t0), t0)).toBe("ok");
    expect(g.check("y", "y1", s(t0), t0)).toBe("ok");
    expect(g.check("y", "y2", s(t0), t0)).toBe("ok");
    expect(g.check("y", "y3", s(t0), t0)).toBe("full"); // y holds its 3
    expect(g.check("z", "z0", s(t0), t0)).toBe("ok"); // 0 < 6 / 3
    expect(g.check("z", "z1", s(t0), t0)).toBe("ok");
    expect(g.check("z", "z2", s(t0), t0)).toBe("full");
  });

  it("the ids of a sender gone quiet are forgotten when the total is reached, so they do not hold the others' shares", () => {
    const g = new ReplayGuard({ perSender: 100, total: 4 });
    for (let i = 0; i < 4; i++) expect(g.check("x", `x${i}`, s(t0), t0)).toBe("ok");
    const later = t0 + (MAX_SKEW_S + 2) * 1000;
    for (let i = 0; i < 4; i++) expect(g.check("y", `y${i}`, s(later), later)).toBe("ok");
    expect(g.sizeOf("x")).toBe(0);
    expect(g.size).toBe(4);
  });

  it("however many senders send, it holds at most about twice `total` ids", () => {
    const g = new ReplayGuard({ perSender: 50, total: 200 });
    let next = 0;
    for (let round = 0; round < 2000; round++) {
      const sender = `s${round % 37}`;
      for (let i = 0; i < 7; i++) g.check(sender, `m${next++}`, s(t0), t0);
    }
    expect(g.size).toBeLessThanOrEqual(2 * 200 + 37);
    expect(g.size).toBeGreaterThanOrEqual(200);
  });
});

import { describe, expect, it } from "vitest";
import { eventFacets } from "../../../lib/domain/event-facets.ts";
import { relativeTime, zonedTime } from "../../../lib/domain/relative-time.ts";

describe("event facets: what the events list filters and links by", () => {
  it("a validated message names its boundary, verdict and message id", () => {
    expect(eventFacets("firebreak.message.validated", { messageId: "msg-1", sender: "a", receiver: "b", outcome: "rejected" }))
      .toEqual({ boundary: { sender: "a", receiver: "b" }, outcome: "rejected", subjectId: "msg-1" });
  });
  it("a transition names its boundary and no verdict; memory events name their record; a violation its message, if any", () => {
    expect(eventFacets("firebreak.breaker.transition", { sender: "a", receiver: "b", to: "OPEN" })).toEqual({ boundary: { sender: "a", receiver: "b" }, outcome: null, subjectId: null });
    expect(eventFacets("firebreak.memory.write", { recordId: "rec-1", partition: "a" }).subjectId).toBe("rec-1");
    expect(eventFacets("firebreak.memory.read", { recordId: "rec-2", partition: "b" }).subjectId).toBe("rec-2");
    expect(eventFacets("firebreak.policy.violation", { rule: "rate", detail: "x" })).toEqual({ boundary: null, outcome: null, subjectId: null });
    expect(eventFacets("firebreak.policy.violation", { rule: "fan_out", detail: "x", messageId: "msg-9" }).subjectId).toBe("msg-9");
  });
});

describe("times people read", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  it("says how long ago or ahead, in the largest whole unit", () => {
    expect(relativeTime(new Date("2026-11-30T11:57:00Z"), now)).toBe("3 min ago");
    expect(relativeTime(new Date("2026-11-30T12:00:04Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2026-11-30T14:00:00Z"), now)).toBe("in 2 hr");
    expect(relativeTime(new Date("2026-11-28T12:00:00Z"), now)).toBe("2 days ago");
  });
  it("shows the instant in the zone asked, naming the zone", () => {
    expect(zonedTime(now, "UTC")).toBe("2026-11-30 12:00:00 UTC");
    expect(zonedTime(now, "Asia/Tokyo")).toBe("2026-11-30 21:00:00 GMT+9");
  });
});

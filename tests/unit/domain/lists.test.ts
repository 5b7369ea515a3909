import { describe, expect, it } from "vitest";
import { approvalOutcome } from "../../../lib/domain/approval-outcome.ts";
import { actorFilter, parseRef, refHref } from "../../../lib/domain/audit-ref.ts";
import { canMoveIncident } from "../../../lib/domain/incident-status.ts";
import { ZTimeIdCursor, timeIdCursor } from "../../../lib/domain/list-query.ts";
import { diffValues } from "../../../lib/domain/value-diff.ts";
import { csvCell, toCsv } from "../../../lib/server/http/csv.ts";

describe("audit before/after as a field diff", () => {
  it("lists added, removed and changed fields by dotted path, leaving equal ones out", () => {
    expect(diffValues({ status: "open", a: { b: 1, c: 2 }, gone: true }, { status: "resolved", a: { b: 1, c: 3 }, comment: "x" })).toEqual([
      { path: "status", change: "changed", before: "open", after: "resolved" },
      { path: "a.c", change: "changed", before: 2, after: 3 },
      { path: "gone", change: "removed", before: true },
      { path: "comment", change: "added", after: "x" },
    ]);
  });
  it("treats a missing side as empty and compares arrays whole", () => {
    expect(diffValues(null, { kid: "k1" })).toEqual([{ path: "kid", change: "added", after: "k1" }]);
    expect(diffValues({ l: [1, 2] }, { l: [1, 2] })).toEqual([]);
    expect(diffValues(3, 4)).toEqual([{ path: "value", change: "changed", before: 3, after: 4 }]);
  });
});

describe("audit references", () => {
  it("link agents, boundaries and records to their pages; a bare word is the system", () => {
    expect(refHref(parseRef("boundary:bnd_1"))).toBe("/boundaries/bnd_1");
    expect(refHref(parseRef("node:rec 1"))).toBe("/provenance?id=rec%201");
    expect(refHref(parseRef("agent:planner"))).toBe("/agents#agent-planner");
    expect(parseRef("firebreak")).toEqual({ kind: "system", id: "firebreak" });
    expect(parseRef("user:a@b.c")).toEqual({ kind: "user", id: "a@b.c" });
    expect(actorFilter(" ann@example.com ")).toBe("user:ann@example.com");
    expect(actorFilter("agent:x@y")).toBe("agent:x@y");
  });
});

describe("incident status", () => {
  it("moves only forward: open → acknowledged → resolved, or open → resolved", () => {
    expect(canMoveIncident("open", "acknowledged")).toBe(true);
    expect(canMoveIncident("open", "resolved")).toBe(true);
    expect(canMoveIncident("acknowledged", "resolved")).toBe(true);
    expect(canMoveIncident("acknowledged", "acknowledged")).toBe(false);
    expect(canMoveIncident("resolved", "acknowledged")).toBe(false);
    expect(canMoveIncident("resolved", "open")).toBe(false);
    expect(canMoveIncident("weird", "resolved")).toBe(false);
  });
});

describe("time-and-id cursors", () => {
  it("round-trip, ids with underscores included", () => {
    const at = new Date("2026-12-01T02:00:00.123Z");
    expect(ZTimeIdCursor.parse(timeIdCursor(at, "inc_a_b"))).toEqual({ at, id: "inc_a_b" });
    expect(ZTimeIdCursor.safeParse("x_1").success).toBe(false);
  });
});

describe("what an approval led to", () => {
  const review = { status: "approved", epoch: 2, requiredApprovals: 1, approvals: [{ decision: "approve" }], grant: { notBefore: "2026-12-01T02:05:00Z", expiresAt: "2026-12-01T02:20:00Z", usedAt: null as string | null } };
  const at = (iso: string) => Date.parse(iso);
  it("counts down the cooldown, then waits for the probe, then follows the boundary", () => {
    expect(approvalOutcome(review, { state: "OPEN", epoch: 2 }, at("2026-12-01T02:00:00Z"))).toEqual({ stage: "cooldown", until: "2026-12-01T02:05:00Z" });
    expect(approvalOutcome(review, { state: "OPEN", epoch: 2 }, at("2026-12-01T02:06:00Z")).stage).toBe("probe_due");
    const used = { ...review, grant: { ...review.grant, usedAt: "2026-12-01T02:06:00Z" } };
    expect(approvalOutcome(used, { state: "HALF_OPEN", epoch: 2 }, 0).stage).toBe("probing");
    expect(approvalOutcome(used, { state: "CLOSED", epoch: 2 }, 0).stage).toBe("closed");
    expect(approvalOutcome(used, { state: "OPEN", epoch: 3 }, 0).stage).toBe("retripped");
  });
  it("a pending two-approver review says how many approvals are missing; an expired one says so", () => {
    expect(approvalOutcome({ ...review, status: "pending", requiredApprovals: 2, grant: null }, undefined, 0)).toEqual({ stage: "waiting_approvers", missing: 1 });
    expect(approvalOutcome({ ...review, status: "expired" }, undefined, 0).stage).toBe("expired");
  });
});

describe("the CSV writer", () => {
  it("quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const f of ["=1+2", "+1", "-1", "@SUM(A1)"]) expect(csvCell(f)).toBe(`'${f}`);
    expect(csvCell("=HYPERLINK(\"x\",\"y\")")).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(toCsv([{ n: 1, s: "a,b" }], [{ header: "n", value: (r) => r.n }, { header: "s", value: (r) => r.s }])).toBe('n,s\r\n1,"a,b"\r\n');
  });
});

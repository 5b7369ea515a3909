import { describe, expect, it } from "vitest";
import { MAX_SEQ_STEP, illegalMove, needsApproval, seqFindings } from "../../../lib/domain/transition-findings.ts";

const b = (state: string, lastSeq: number) => ({ sender: "a", receiver: "b", state, lastSeq });

describe("transition findings (domain)", () => {
  it("a report jumping more than MAX_SEQ_STEP ahead is a seq_jump; an older one leaving OPEN is stale", () => {
    expect(seqFindings(b("CLOSED", 1), { seq: 2 + MAX_SEQ_STEP, from: "CLOSED", to: "OPEN" }, true).map((f) => f.type)).toEqual(["seq_jump"]);
    expect(seqFindings(b("CLOSED", 1), { seq: 1 + MAX_SEQ_STEP, from: "CLOSED", to: "OPEN" }, true)).toEqual([]);
    expect(seqFindings(b("OPEN", 5), { seq: 4, from: "OPEN", to: "HALF_OPEN" }, false).map((f) => f.detail))
      .toEqual(["b reported seq 4 (OPEN → HALF_OPEN) on a → b, not newer than the last (5), while the server shows OPEN: stored, not applied"]);
    expect(seqFindings(b("OPEN", 5), { seq: 4, from: "CLOSED", to: "OPEN" }, false)).toEqual([]);
  });

  it("a move into HALF_OPEN goes to the gate; any other illegal move is a finding", () => {
    expect(needsApproval("OPEN", "HALF_OPEN")).toBe(true);
    expect(needsApproval("HALF_OPEN", "HALF_OPEN")).toBe(false);
    expect(illegalMove(b("OPEN", 1), { seq: 2, from: "OPEN", to: "HALF_OPEN" })).toBeNull();
    expect(illegalMove(b("OPEN", 1), { seq: 2, from: "HALF_OPEN", to: "OPEN" })).toBeNull();
    expect(illegalMove(b("OPEN", 1), { seq: 2, from: "HALF_OPEN", to: "CLOSED" })).toEqual({
      type: "illegal_transition", detail: "b reported HALF_OPEN → CLOSED on a → b (seq 2) while the boundary was OPEN",
    });
  });
});

import { admit } from "./breaker-gate.ts";
import { initialBreakerState, type TBreakerInput, type TBreakerSettings, type TBreakerState } from "./breaker-state.ts";
import { stepBreaker } from "./breaker-step.ts";

/** Most trip times one boundary's replay keeps (a result stays small however long the window). */
export const MAX_TRIPS_LISTED = 1_000;

/** One boundary's breaker under one policy during a dry run: the machine's state, its trips and time OPEN. */
export type TBoundaryReplay = {
  settings: TBreakerSettings;
  state: TBreakerState;
  trips: number[];
  tripCount: number;
  openMs: number;
  openedAt: number | null;
  /** Validated messages this breaker would not have let through (OPEN, or HALF_OPEN with its probes used). */
  refused: number;
};

/** A fresh CLOSED breaker with the boundary's effective settings. */
export function boundaryReplay(settings: TBreakerSettings): TBoundaryReplay {
  return { settings, state: initialBreakerState(), trips: [], tripCount: 0, openMs: 0, openedAt: null, refused: 0 };
}

/** Feeds one input to the lib/domain machine at `now`, noting trips and how long the breaker stays OPEN. */
function apply(b: TBoundaryReplay, input: TBreakerInput, now: number): void {
  const { state, effects } = stepBreaker(b.state, input, b.settings, now);
  b.state = state;
  for (const e of effects) {
    if (e.type !== "transition") continue;
    if (e.to === "OPEN") {
      b.tripCount++;
      if (b.trips.length < MAX_TRIPS_LISTED) b.trips.push(now);
      b.openedAt ??= now;
    } else if (e.from === "OPEN" && b.openedAt !== null) {
      b.openMs += now - b.openedAt;
      b.openedAt = null;
    }
  }
}

/**
 * The gate as an agent's periodic tick runs it: an approval in hand moves OPEN → HALF_OPEN at
 * max(notBefore, cooldown end), or expires at expiresAt, if that moment is not after `at`.
 */
function gate(b: TBoundaryReplay, at: number): void {
  const a = b.state.approval;
  if (b.state.state !== "OPEN" || !a) return;
  const opens = Math.max(a.notBefore, b.state.cooldownEndsAt ?? 0);
  const when = opens < a.expiresAt ? opens : a.expiresAt;
  if (when <= at) apply(b, { kind: "tick" }, when);
}

/**
 * One recorded validation, as the receiving agent handles it: admit (HALF_OPEN lets probes through), then
 * the validation step. Returns false when this breaker would have refused the message.
 */
export function replayValidation(b: TBoundaryReplay, v: { at: number; outcome: "accepted" | "rejected"; anomalyScore: number }): boolean {
  gate(b, v.at);
  const admitted = admit(b.state, b.settings);
  if (!admitted.allowed) {
    b.refused++;
    return false;
  }
  b.state = admitted.state;
  apply(b, { kind: "validation", outcome: v.outcome, anomalyScore: v.anomalyScore, at: v.at }, v.at);
  return true;
}

/** A recorded approval of a reset of this boundary: it applies to the epoch OPEN in the replay at that moment, if any. */
export function replayApproval(b: TBoundaryReplay, a: { at: number; approvalId: string; notBefore: number; expiresAt: number }): void {
  gate(b, a.at);
  if (b.state.state !== "OPEN") return;
  apply(b, { kind: "approval", approvalId: a.approvalId, epoch: b.state.epoch, notBefore: a.notBefore, expiresAt: a.expiresAt }, a.at);
}

/** A recorded force-open by a person. */
export function replayForceOpen(b: TBoundaryReplay, at: number, reason: string): void {
  gate(b, at);
  apply(b, { kind: "force_open", reason }, at);
}

/** Closes the books at the end of the window: a breaker still OPEN counts as OPEN until then. */
export function finishReplay(b: TBoundaryReplay, to: number): void {
  gate(b, to);
  if (b.openedAt !== null) {
    b.openMs += Math.max(0, to - b.openedAt);
    b.openedAt = null;
  }
}

import type { TBreakerState } from "../sdk/index.ts";
import type { TSidecarCore } from "./core.ts";
import { retryAfterS } from "./message.ts";
import type { TFirebreakData } from "./wire/jsonrpc.ts";

/**
 * The state of the breaker on peer → us that let a request out to the peer. Its answer is judged by that
 * breaker, and only under the state that let it go: in HALF_OPEN the request is a probe of that epoch, and a
 * probe ends with exactly one result on every path (docs/sidecar.md#what-happens-to-a-message).
 */
export type TAdmission = { state: TBreakerState["state"]; epoch: number };

/** Records the admission of a request just let out (after `breakers.admit(peer)` said yes). */
export function admission(core: TSidecarCore, peer: string): TAdmission {
  const s = core.ctx.breakers.state(peer);
  return { state: s.state, epoch: s.epoch };
}

/**
 * Why the answer to a request admitted as `a` may not be judged now (null: judge it): the breaker tripped
 * since (OPEN: nothing from the peer passes), or it is HALF_OPEN and the request was not one of this epoch's
 * probes (it must not cast a probe's vote, nor get through outside the probes).
 */
export function lateAnswer(core: TSidecarCore, peer: string, a: TAdmission): TFirebreakData | null {
  const now = core.ctx.breakers.state(peer);
  const isProbe = a.state === "HALF_OPEN" && now.epoch === a.epoch;
  if (now.state === "OPEN" || (now.state === "HALF_OPEN" && !isProbe)) {
    return { reason: "circuit_open", boundary: { sender: peer, receiver: core.ctx.id }, retryAfterS: retryAfterS(core, peer) };
  }
  return null;
}

/** A probe that got no answer we could judge (none, refused, unverified, cut) has failed: the breaker trips again. */
export function probeUnanswered(core: TSidecarCore, peer: string, a: TAdmission): void {
  if (a.state !== "HALF_OPEN") return;
  core.ctx.breakers.step(peer, { kind: "probe_result", outcome: "rejected", epoch: a.epoch });
}

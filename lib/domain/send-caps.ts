import { checkDepth, checkFanOutCount, expireFanOuts, fanOutTracker, rateWindow, recordSend, startFanOut, type TFanOutTracker, type TRateWindow } from "./caps.ts";
import type { TFanOutPolicy } from "./policy.ts";
import type { TRefusal } from "./violation.ts";

/** One sender's cap counters: sends in the current cycle and its unanswered fan-outs. */
export type TSendCaps = { rate: TRateWindow; fanOuts: TFanOutTracker };

/** Which cap refused a message (concurrent_fan_out is reported with the rule fan_out). */
export type TCapName = "fan_out" | "chain_depth" | "rate" | "concurrent_fan_out";

/** A message as the caps see it: its id, how many distinct receivers it names, and its chain depth. */
export type TSendAttempt = { messageId: string; fanOut: number; depth: number };

/** The result of checkSend: allowed (counted), or refused by one cap (not counted). */
export type TSendCheck = ({ ok: true } | (TRefusal & { cap: TCapName })) & { state: TSendCaps };

/** A sender with nothing counted yet. */
export function sendCaps(): TSendCaps {
  return { rate: rateWindow(), fanOuts: fanOutTracker() };
}

/**
 * Checks one message against the sender's caps in the order the SDK applies them (fan-out, chain depth,
 * rate, concurrent fan-outs) and counts it only if all pass. Fan-outs older than a cycle are forgotten
 * first: a receiver that never answers must not hold a slot forever. The SDK's outbox and the policy dry
 * run both call this.
 */
export function checkSend(state: TSendCaps, m: TSendAttempt, settings: TFanOutPolicy, now: number): TSendCheck {
  const fanOut = checkFanOutCount(m.fanOut, settings);
  if (!fanOut.ok) return { ...fanOut, cap: "fan_out", state };
  const depth = checkDepth(m.depth, settings);
  if (!depth.ok) return { ...depth, cap: "chain_depth", state };
  const live = expireFanOuts(state.fanOuts, now, settings.cycle_s * 1000);
  const rate = recordSend(state.rate, now, settings);
  if (!rate.ok) {
    const refused: TRefusal & { cap: TCapName; state: TSendCaps } = { ok: false, rule: rate.rule, detail: rate.detail, cap: "rate", state: { rate: state.rate, fanOuts: live } };
    if (rate.count !== undefined) refused.count = rate.count;
    return refused;
  }
  const started = startFanOut(live, m.messageId, now, settings);
  if (!started.ok) {
    const { state: _s, ...refusal } = started;
    return { ...refusal, cap: "concurrent_fan_out", state: { ...state, fanOuts: live } };
  }
  return { ok: true, state: { rate: rate.state, fanOuts: started.state } };
}

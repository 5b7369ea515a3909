import type { TFanOutPolicy } from "./policy.ts";
import { chainDepth } from "./provenance.ts";
import { refuse, type TCheck, type TRefusal } from "./violation.ts";

type TSettings<K extends keyof TFanOutPolicy> = Pick<TFanOutPolicy, K>;

/** A message naming more than max_downstream_per_message distinct receivers is refused whole. */
export function checkFanOut(receivers: readonly string[], settings: TSettings<"max_downstream_per_message">): TCheck {
  return checkFanOutCount(new Set(receivers).size, settings);
}

/** checkFanOut for a message known by its count of distinct receivers (a recorded message's fanOut). */
export function checkFanOutCount(count: number, settings: TSettings<"max_downstream_per_message">): TCheck {
  const max = settings.max_downstream_per_message;
  return count > max ? refuse("fan_out", `${count} receivers in one message (max_downstream_per_message ${max})`, count) : { ok: true };
}

/** A chain (origin → sender) longer than max_chain_depth is refused. */
export function checkChainDepth(chain: readonly string[], settings: TSettings<"max_chain_depth">): TCheck {
  return checkDepth(chainDepth(chain), settings);
}

/** checkChainDepth for a chain known by its depth (a recorded message's chainDepth). */
export function checkDepth(depth: number, settings: TSettings<"max_chain_depth">): TCheck {
  const max = settings.max_chain_depth;
  return depth > max ? refuse("chain_depth", `chain depth ${depth} (max_chain_depth ${max})`, depth) : { ok: true };
}

/** Per-agent send counter for the current cycle; cycles are fixed windows aligned to multiples of cycle_s. */
export type TRateWindow = { cycleStart: number; count: number };

/** A fresh rate counter. */
export function rateWindow(): TRateWindow {
  return { cycleStart: Number.NEGATIVE_INFINITY, count: 0 };
}

/** Counts `n` sends at `now`; refused (and not counted) when the cycle would exceed max_messages_per_agent_per_cycle. */
export function recordSend(
  state: TRateWindow,
  now: number,
  settings: TSettings<"max_messages_per_agent_per_cycle" | "cycle_s">,
  n = 1,
): ({ ok: true } | TRefusal) & { state: TRateWindow } {
  const cycleMs = settings.cycle_s * 1000;
  // A clock that steps back never opens a fresh cycle early.
  const start = Math.max(state.cycleStart, Math.floor(now / cycleMs) * cycleMs);
  const current = start === state.cycleStart ? state : { cycleStart: start, count: 0 };
  const count = current.count + n;
  const max = settings.max_messages_per_agent_per_cycle;
  if (count > max) {
    // refuse()'s fields written out: spreading its result cost more than the rest of the check.
    return { ok: false, rule: "rate", detail: `${count} messages in a ${settings.cycle_s} s cycle (max_messages_per_agent_per_cycle ${max})`, count, state: current };
  }
  return { ok: true, state: { cycleStart: start, count } };
}

/** Unanswered fan-outs of one agent, by id, with their start time. */
export type TFanOutTracker = { open: readonly { id: string; at: number }[] };

/** A fresh concurrent fan-out counter. */
export function fanOutTracker(): TFanOutTracker {
  return { open: [] };
}

/** Starts fan-out `id`; refused (rule fan_out) when max_concurrent_fan_out are already unanswered. Idempotent per id. */
export function startFanOut(
  state: TFanOutTracker,
  id: string,
  now: number,
  settings: TSettings<"max_concurrent_fan_out">,
): ({ ok: true } | TRefusal) & { state: TFanOutTracker } {
  if (state.open.some((f) => f.id === id)) return { ok: true, state };
  const count = state.open.length + 1;
  const max = settings.max_concurrent_fan_out;
  if (count > max) return { ...refuse("fan_out", `${count} unanswered fan-outs at once (max_concurrent_fan_out ${max})`, count), state };
  return { ok: true, state: { open: [...state.open, { id, at: now }] } };
}

/** Marks fan-out `id` answered. */
export function finishFanOut(state: TFanOutTracker, id: string): TFanOutTracker {
  return { open: state.open.filter((f) => f.id !== id) };
}

/** Forgets fan-outs started more than `maxAgeMs` before `now` (a receiver that never answers must not block forever). */
export function expireFanOuts(state: TFanOutTracker, now: number, maxAgeMs: number): TFanOutTracker {
  // Nothing to forget (the usual case): the same state, no new arrays (the dry run checks a million sends).
  if (state.open.every((f) => now - f.at <= maxAgeMs)) return state;
  return { open: state.open.filter((f) => now - f.at <= maxAgeMs) };
}

import { hash } from "node:crypto";
import { parseFirebreakEvent, type TEventType, type TFirebreakEvent } from "../../domain/events.ts";
import type { TIssue } from "../../domain/issues.ts";
import { parseSafeJson } from "./safe-json.ts";
import type { EventError } from "./results.ts";

export type CheckedEvent = {
  source: string;
  id: string;
  type: TEventType;
  time: Date;
  /** The data as its type's schema parsed it (projectors narrow it by `type`: events/projection.ts). */
  data: TFirebreakEvent["data"];
  kid: string;
  payloadHash: string;
};

/** An event whose signature verified with the key named by kid, owned by agentId. */
export type Verified = { kid: string; agentId: string; payload: Buffer; payloadB64: string };

export type CheckContext = { now: number; clockSkewS: number; maxChainDepth: number };
export type CheckOutcome = { ok: true; event: CheckedEvent } | { ok: false; id: string | null; error: EventError };

// Types whose event is reported by the receiver of the boundary it speaks of.
const RECEIVER_REPORTED = new Set(["firebreak.message.validated", "firebreak.breaker.transition"]);

/** Checks a verified event's CloudEvents payload: shape, owner, type, data, clock, chain depth, reporter. */
export function checkEvent(v: Verified, ctx: CheckContext): CheckOutcome {
  const json = parseSafeJson(v.payload.toString("utf8"));
  if (!json.ok) return reject(null, "invalid_event", json.detail);
  if (!isPlainObject(json.value)) return reject(null, "invalid_event", "the payload must be a JSON object: a CloudEvents 1.0 event");
  const raw = withoutNulls(json.value);
  const rawId = typeof raw.id === "string" ? raw.id : null;
  if (typeof raw.source === "string" && raw.source !== v.agentId) {
    const uri = /[:/]/.test(raw.source) ? ", not a URI" : "";
    return reject(rawId, "source_mismatch", `source must be the agent id that owns key ${v.kid} (${v.agentId})${uri}; got ${raw.source}`);
  }
  const parsed = parseFirebreakEvent(raw);
  if (!parsed.ok) return reject(rawId, parsed.code, describe(parsed.issues));
  const e = parsed.event;
  const time = Date.parse(e.time);
  const skew = (time - ctx.now) / 1000;
  if (Math.abs(skew) > ctx.clockSkewS) {
    const side = skew > 0 ? "ahead of" : "behind";
    return reject(e.id, "clock_skew", `time is ${Math.round(Math.abs(skew))} s ${side} the server clock (±${ctx.clockSkewS} s allowed)`);
  }
  const d = e.data as Record<string, unknown>;
  const chain = d.chain as string[] | undefined;
  if (chain && chain.length > ctx.maxChainDepth) {
    return reject(e.id, "chain_too_deep", `chain of ${chain.length} agents; the policy allows ${ctx.maxChainDepth}`);
  }
  if (RECEIVER_REPORTED.has(e.type) && d.receiver !== e.source) {
    return reject(e.id, "not_receiver", `${e.type} is reported by the receiver (${String(d.receiver)}), not ${e.source}`);
  }
  if (e.type === "firebreak.memory.write" && d.partition !== e.source) {
    return reject(e.id, "invalid_event", `an agent writes only to its own partition (${e.source}), not ${String(d.partition)}`);
  }
  const payloadHash = hash("sha256", v.payloadB64);
  return { ok: true, event: { source: e.source, id: e.id, type: e.type, time: new Date(time), data: e.data, kid: v.kid, payloadHash } };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// CloudEvents JSON: an attribute whose value is null is treated as absent.
function withoutNulls(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== null));
}

function reject(id: string | null, code: EventError["code"], detail: string): CheckOutcome {
  return { ok: false, id, error: { code, detail } };
}

function describe(issues: TIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
}

import { z } from "zod";
import { ZAgentId } from "./agent-id.ts";
import { applyOverride } from "./apply-override.ts";
import { MAX_CHAIN_LENGTH } from "./provenance.ts";

// Every duration and count has a ceiling: a value past it is a mistake, and unbounded ones overflow the dates
// and counters computed from them (a cooldown of 2^53-1 s is no date at all).
const posInt = (max: number) => z.int().positive().max(max);
const DAY_S = 86_400;
/** The longest cooldown, reset timeout or rate cycle a policy may set: 30 days. */
export const MAX_POLICY_DURATION_S = 30 * DAY_S;
/** The largest count (thresholds, probes, fan-out, messages per cycle) a policy may set. */
export const MAX_POLICY_COUNT = 1_000_000;

/** `breaker` section of the policy (docs/architecture.md#policy, #breaker). */
export const ZBreakerPolicy = z.strictObject({
  failure_threshold: posInt(10_000),
  anomaly_threshold: z.number().min(0).max(1),
  reset_timeout_s: posInt(MAX_POLICY_DURATION_S),
  half_open_max_probes: posInt(1_000),
  required_approvals: z.int().min(1).max(5),
});
/** Breaker settings. */
export type TBreakerPolicy = z.infer<typeof ZBreakerPolicy>;

/** `fan_out` section of the policy (docs/architecture.md#policy, #caps). */
export const ZFanOutPolicy = z.strictObject({
  max_downstream_per_message: posInt(10_000),
  max_chain_depth: posInt(MAX_CHAIN_LENGTH),
  max_messages_per_agent_per_cycle: posInt(MAX_POLICY_COUNT),
  cycle_s: posInt(MAX_POLICY_DURATION_S),
  cooldown_after_trip_s: posInt(MAX_POLICY_DURATION_S),
  max_concurrent_fan_out: posInt(10_000),
});
/** Fan-out, rate and cooldown settings. */
export type TFanOutPolicy = z.infer<typeof ZFanOutPolicy>;

/** `inter_agent` section: informational transport settings plus the provenance chain ceiling. */
export const ZInterAgentPolicy = z.strictObject({
  authentication: z.enum(["mutual_tls", "none"]),
  message_validation: z.literal("cryptographic_signature"),
  trust_model: z.literal("zero_trust"),
  sender_verification: z.strictObject({
    require_identity: z.boolean(),
    require_capability_proof: z.boolean(),
    reject_unknown_senders: z.boolean(),
  }),
  message_integrity: z.strictObject({
    sign_all_outputs: z.boolean(),
    verify_all_inputs: z.boolean(),
    reject_unsigned_messages: z.boolean(),
  }),
  provenance: z.strictObject({
    track_message_origin: z.boolean(),
    track_transformation_chain: z.boolean(),
    max_chain_depth: posInt(MAX_CHAIN_LENGTH),
  }),
});

/** A memory grant: `reader` may read `partition` until `expires_at` (ISO-8601, null = no expiry). */
export const ZMemoryGrant = z.strictObject({
  reader: ZAgentId,
  partition: ZAgentId,
  expires_at: z.iso.datetime({ offset: true }).nullable().default(null),
});
/** A memory grant. */
export type TMemoryGrant = z.infer<typeof ZMemoryGrant>;

/** A boundary, sender → receiver. */
export const ZBoundary = z.strictObject({ sender: ZAgentId, receiver: ZAgentId });
/** A boundary, sender → receiver. */
export type TBoundary = z.infer<typeof ZBoundary>;

/** One override: exactly one of `boundary` or `agent`, with partial breaker / fan_out settings. */
export const ZPolicyOverride = z
  .strictObject({
    boundary: ZBoundary.optional(),
    agent: ZAgentId.optional(),
    breaker: ZBreakerPolicy.partial().optional(),
    fan_out: ZFanOutPolicy.partial().optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.boundary === undefined) === (o.agent === undefined)) {
      ctx.addIssue({ code: "custom", message: "an override names exactly one of `boundary` or `agent`" });
    }
  });
/** One per-boundary or per-agent override. */
export type TPolicyOverride = z.infer<typeof ZPolicyOverride>;

/** The whole policy document of docs/architecture.md#policy; unknown keys are rejected at every level. */
export const ZPolicy = z
  .strictObject({
    inter_agent: ZInterAgentPolicy,
    breaker: ZBreakerPolicy,
    fan_out: ZFanOutPolicy,
    memory: z.strictObject({ grants: z.array(ZMemoryGrant).max(10_000).default([]) }).default({ grants: [] }),
    overrides: z.array(ZPolicyOverride).max(1_000).default([]),
  })
  .superRefine((p, ctx) => {
    checkCooldown(p.breaker, p.fan_out, ["fan_out", "cooldown_after_trip_s"], ctx);
    const seen = new Set<string>();
    p.overrides.forEach((o, i) => {
      const key = o.agent !== undefined ? `agent:${o.agent}` : `boundary:${o.boundary?.sender}>${o.boundary?.receiver}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["overrides", i], message: `duplicate override for ${key}` });
      seen.add(key);
      const field = o.fan_out?.cooldown_after_trip_s !== undefined ? "fan_out" : "breaker";
      const path = ["overrides", i, field, field === "fan_out" ? "cooldown_after_trip_s" : "reset_timeout_s"];
      const merged = applyOverride({ breaker: p.breaker, fan_out: p.fan_out }, o);
      checkCooldown(merged.breaker, merged.fan_out, path, ctx);
    });
  });
/** A validated policy document. */
export type TPolicy = z.infer<typeof ZPolicy>;

function checkCooldown(b: TBreakerPolicy, f: TFanOutPolicy, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (f.cooldown_after_trip_s >= b.reset_timeout_s) return;
  ctx.addIssue({
    code: "custom",
    path,
    message: `cooldown_after_trip_s (${f.cooldown_after_trip_s}) must be at least reset_timeout_s (${b.reset_timeout_s})`,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The starting policy, exactly the defaults of docs/architecture.md#policy (frozen: copy before editing). */
export const DEFAULT_POLICY: TPolicy = deepFreeze({
  inter_agent: {
    authentication: "mutual_tls",
    message_validation: "cryptographic_signature",
    trust_model: "zero_trust",
    sender_verification: { require_identity: true, require_capability_proof: true, reject_unknown_senders: true },
    message_integrity: { sign_all_outputs: true, verify_all_inputs: true, reject_unsigned_messages: true },
    provenance: { track_message_origin: true, track_transformation_chain: true, max_chain_depth: 5 },
  },
  breaker: { failure_threshold: 3, anomaly_threshold: 0.15, reset_timeout_s: 300, half_open_max_probes: 1, required_approvals: 1 },
  fan_out: {
    max_downstream_per_message: 3,
    max_chain_depth: 5,
    max_messages_per_agent_per_cycle: 20,
    cycle_s: 60,
    cooldown_after_trip_s: 300,
    max_concurrent_fan_out: 5,
  },
  memory: { grants: [] },
  overrides: [],
});

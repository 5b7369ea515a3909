import { applyOverride } from "./apply-override.ts";
import type { TBreakerPolicy, TFanOutPolicy, TPolicy } from "./policy.ts";

/** Breaker and fan-out settings in force for one agent / boundary. */
export type TEffectivePolicy = { breaker: TBreakerPolicy; fan_out: TFanOutPolicy };

/** Whom the settings are for: a boundary (sender → receiver) and/or an agent. */
export type TPolicyScope = { sender?: string; receiver?: string; agent?: string };

/**
 * Merged settings: global defaults, then the override for `scope.agent`, then the override for the boundary
 * `scope.sender → scope.receiver`. `agent` defaults to `receiver` (the breaker's owner); pass it explicitly
 * for an agent's own caps (`{ agent: self }`).
 * Two guards hold whatever the overrides say: `fan_out.max_chain_depth` never exceeds
 * `inter_agent.provenance.max_chain_depth`, and the cooldown is never shorter than `reset_timeout_s`.
 */
export function effectivePolicy(policy: TPolicy, scope: TPolicyScope = {}): TEffectivePolicy {
  let out: TEffectivePolicy = { breaker: { ...policy.breaker }, fan_out: { ...policy.fan_out } };
  const agent = scope.agent ?? scope.receiver;
  if (agent !== undefined) {
    for (const o of policy.overrides) if (o.agent === agent) out = applyOverride(out, o);
  }
  if (scope.sender !== undefined && scope.receiver !== undefined) {
    for (const o of policy.overrides) {
      if (o.boundary?.sender === scope.sender && o.boundary.receiver === scope.receiver) out = applyOverride(out, o);
    }
  }
  out.fan_out.max_chain_depth = Math.min(out.fan_out.max_chain_depth, policy.inter_agent.provenance.max_chain_depth);
  out.fan_out.cooldown_after_trip_s = Math.max(out.fan_out.cooldown_after_trip_s, out.breaker.reset_timeout_s);
  return out;
}

/** Settings for the breaker of boundary sender → receiver (the receiver's agent override, then the boundary's). */
export function boundaryPolicy(policy: TPolicy, sender: string, receiver: string): TEffectivePolicy {
  return effectivePolicy(policy, { sender, receiver, agent: receiver });
}

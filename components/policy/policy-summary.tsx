import { type TPolicy, type TPolicyOverride } from "@/lib/domain/policy.ts";
import { effectivePolicy } from "@/lib/domain/effective-policy.ts";

const seconds = (s: number) => `${s} s`;

/** The values that matter at a glance, as in force globally (chain depth and cooldown after their guards). */
function facts(policy: TPolicy): [string, string][] {
  const { breaker, fan_out } = effectivePolicy(policy);
  return [
    ["Receivers per message", String(fan_out.max_downstream_per_message)],
    ["Messages per agent", `${fan_out.max_messages_per_agent_per_cycle} per ${seconds(fan_out.cycle_s)}`],
    ["Concurrent fan-outs", String(fan_out.max_concurrent_fan_out)],
    ["Chain depth", String(fan_out.max_chain_depth)],
    ["Failures to trip", String(breaker.failure_threshold)],
    ["Anomaly rate to trip", `${Math.round(breaker.anomaly_threshold * 1000) / 10} %`],
    ["Reset timeout", seconds(breaker.reset_timeout_s)],
    ["Cooldown after a trip", seconds(fan_out.cooldown_after_trip_s)],
    ["Half-open probes", String(breaker.half_open_max_probes)],
    ["Approvals to reset", String(breaker.required_approvals)],
  ];
}

/** An override's scope as text: `a → b` for a boundary, `agent x` for an agent. */
function scopeOf(o: TPolicyOverride): string {
  return o.boundary ? `${o.boundary.sender} → ${o.boundary.receiver}` : `agent ${o.agent}`;
}

/** An override's settings as `section.key = value` pairs. */
function settingsOf(o: TPolicyOverride): string {
  const pairs = [
    ...Object.entries(o.breaker ?? {}).map(([k, v]) => `breaker.${k} = ${v}`),
    ...Object.entries(o.fan_out ?? {}).map(([k, v]) => `fan_out.${k} = ${v}`),
  ];
  return pairs.join(", ") || "(nothing)";
}

/** A policy document summarised: fan-out caps, chain depth, breaker thresholds, cooldown, approvals, grants and overrides. */
export function PolicySummary({ policy }: { policy: TPolicy }) {
  const { grants } = policy.memory;
  return (
    <div data-testid="policy-summary">
      <dl className="facts">
        {facts(policy).map(([label, value]) => (
          <div key={label}><dt>{label}</dt><dd>{value}</dd></div>
        ))}
      </dl>
      <h3>Memory grants</h3>
      {grants.length === 0 ? <p className="empty">None: every agent reads only its own partition.</p> : (
        <table className="table">
          <thead><tr><th>Reader</th><th>Partition</th><th>Expires</th></tr></thead>
          <tbody>
            {grants.map((g, i) => (
              <tr key={i}><td><code>{g.reader}</code></td><td><code>{g.partition}</code></td><td>{g.expires_at ?? "never"}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Overrides</h3>
      {policy.overrides.length === 0 ? <p className="empty">None: the global values apply everywhere.</p> : (
        <table className="table">
          <thead><tr><th>Scope</th><th>Settings</th></tr></thead>
          <tbody>
            {policy.overrides.map((o, i) => (
              <tr key={i}><td><code>{scopeOf(o)}</code></td><td><code>{settingsOf(o)}</code></td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

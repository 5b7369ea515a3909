import { describe, expect, it } from "vitest";
import { AGENT_ID_RE, isAgentId } from "../../../lib/domain/agent-id.ts";
import { DEFAULT_POLICY, ZPolicy, type TPolicy } from "../../../lib/domain/policy.ts";
import { boundaryPolicy, effectivePolicy } from "../../../lib/domain/effective-policy.ts";

// The defaults of docs/architecture.md#policy, written out by hand so a drift in the code is caught.
const DOCUMENTED_DEFAULTS = {
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
};

const clone = (): TPolicy => structuredClone(DEFAULT_POLICY) as TPolicy;

function issuesOf(input: unknown): { path: string; message: string }[] {
  const r = ZPolicy.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("policy defaults", () => {
  it("policy: the starting policy is exactly the defaults of docs/architecture.md#policy", () => {
    expect(DEFAULT_POLICY).toStrictEqual(DOCUMENTED_DEFAULTS);
  });

  it("policy: the defaults validate and parse back unchanged", () => {
    expect(ZPolicy.parse(DEFAULT_POLICY)).toStrictEqual(DOCUMENTED_DEFAULTS);
  });

  it("policy: the shared defaults cannot be edited in place by one importer for everyone", () => {
    expect(() => {
      (DEFAULT_POLICY.breaker as { failure_threshold: number }).failure_threshold = 99;
    }).toThrow(TypeError);
    expect(DEFAULT_POLICY.breaker.failure_threshold).toBe(3);
  });

  it("policy: a document without memory or overrides gets empty grants and overrides", () => {
    const { memory: _m, overrides: _o, ...rest } = clone();
    const p = ZPolicy.parse(rest);
    expect(p.memory).toStrictEqual({ grants: [] });
    expect(p.overrides).toStrictEqual([]);
  });

  it("policy: a grant without expires_at never expires (null)", () => {
    const p = clone();
    const parsed = ZPolicy.parse({ ...p, memory: { grants: [{ reader: "planner", partition: "researcher" }] } });
    expect(parsed.memory.grants[0]).toStrictEqual({ reader: "planner", partition: "researcher", expires_at: null });
  });
});

describe("policy validation names the broken field", () => {
  const cases: [string, (p: Record<string, any>) => void, string][] = [
    ["a zero failure threshold", (p) => (p.breaker.failure_threshold = 0), "breaker.failure_threshold"],
    ["a fractional failure threshold", (p) => (p.breaker.failure_threshold = 2.5), "breaker.failure_threshold"],
    ["an anomaly threshold above 1", (p) => (p.breaker.anomaly_threshold = 1.5), "breaker.anomaly_threshold"],
    ["a negative anomaly threshold", (p) => (p.breaker.anomaly_threshold = -0.1), "breaker.anomaly_threshold"],
    ["zero required approvals", (p) => (p.breaker.required_approvals = 0), "breaker.required_approvals"],
    ["six required approvals", (p) => (p.breaker.required_approvals = 6), "breaker.required_approvals"],
    ["a zero fan-out cap", (p) => (p.fan_out.max_downstream_per_message = 0), "fan_out.max_downstream_per_message"],
    ["a negative cycle", (p) => (p.fan_out.cycle_s = -60), "fan_out.cycle_s"],
    ["a string where a number belongs", (p) => (p.fan_out.max_chain_depth = "5"), "fan_out.max_chain_depth"],
    ["a malformed grant reader", (p) => (p.memory.grants = [{ reader: "Bad Id", partition: "ok-id", expires_at: null }]), "memory.grants.0.reader"],
    ["a grant expiry without timezone", (p) => (p.memory.grants = [{ reader: "aa", partition: "bb", expires_at: "2026-01-01T00:00:00" }]), "memory.grants.0.expires_at"],
    ["an unknown trust model", (p) => (p.inter_agent.trust_model = "trust_everyone"), "inter_agent.trust_model"],
    ["a misspelt breaker key", (p) => (p.breaker.failure_treshold = 3), "breaker"],
    ["a misspelt top-level key", (p) => (p.breakers = {}), ""],
    ["an override on a malformed agent id", (p) => (p.overrides = [{ agent: "X", breaker: { failure_threshold: 2 } }]), "overrides.0.agent"],
    ["an override with an unknown setting", (p) => (p.overrides = [{ agent: "aa", breaker: { treshold: 2 } }]), "overrides.0.breaker"],
  ];
  it.each(cases)("policy: %s is refused at its path", (_name, mutate, path) => {
    const p = clone() as Record<string, any>;
    mutate(p);
    const issues = issuesOf(p);
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it("policy: a cooldown shorter than the reset timeout is refused with a message naming both", () => {
    const p = clone();
    p.fan_out.cooldown_after_trip_s = 120;
    const issues = issuesOf(p);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("fan_out.cooldown_after_trip_s");
    expect(issues[0]!.message).toMatch(/cooldown_after_trip_s \(120\) must be at least reset_timeout_s \(300\)/);
  });

  it("policy: an override that lengthens the reset timeout past the cooldown is refused", () => {
    const p = clone();
    p.overrides = [{ boundary: { sender: "aa", receiver: "bb" }, breaker: { reset_timeout_s: 900 } }];
    expect(issuesOf(p).map((i) => i.path)).toEqual(["overrides.0.breaker.reset_timeout_s"]);
    p.overrides = [{ boundary: { sender: "aa", receiver: "bb" }, breaker: { reset_timeout_s: 900 }, fan_out: { cooldown_after_trip_s: 900 } }];
    expect(issuesOf(p)).toEqual([]);
  });

  it("policy: an override naming both an agent and a boundary, or neither, is refused", () => {
    const p = clone();
    p.overrides = [{ agent: "aa", boundary: { sender: "aa", receiver: "bb" } }, { breaker: { failure_threshold: 2 } }];
    const issues = issuesOf(p);
    expect(issues.map((i) => i.path)).toEqual(["overrides.0", "overrides.1"]);
    expect(issues[0]!.message).toMatch(/exactly one of `boundary` or `agent`/);
  });

  it("policy: two overrides for the same boundary are refused instead of silently shadowing", () => {
    const p = clone();
    const b = { sender: "aa", receiver: "bb" };
    p.overrides = [{ boundary: b, breaker: { failure_threshold: 5 } }, { boundary: b, breaker: { failure_threshold: 9 } }];
    expect(issuesOf(p).map((i) => i.path)).toEqual(["overrides.1"]);
  });
});

describe("effective policy", () => {
  const policy = ZPolicy.parse({
    ...clone(),
    overrides: [
      { boundary: { sender: "planner", receiver: "coder" }, breaker: { failure_threshold: 7 } },
      { agent: "coder", breaker: { failure_threshold: 5, anomaly_threshold: 0.3 }, fan_out: { max_downstream_per_message: 4 } },
      { agent: "planner", fan_out: { max_downstream_per_message: 8 } },
    ],
  });

  it("policy: a boundary override beats the receiver's agent override, which beats the defaults", () => {
    const e = effectivePolicy(policy, { sender: "planner", receiver: "coder" });
    expect(e.breaker.failure_threshold).toBe(7); // boundary
    expect(e.breaker.anomaly_threshold).toBe(0.3); // agent (coder)
    expect(e.breaker.reset_timeout_s).toBe(300); // global
    expect(e.fan_out.max_downstream_per_message).toBe(4);
    expect(boundaryPolicy(policy, "planner", "coder")).toStrictEqual(e);
  });

  it("policy: an explicit agent selects that agent's own caps", () => {
    expect(effectivePolicy(policy, { agent: "planner" }).fan_out.max_downstream_per_message).toBe(8);
    expect(effectivePolicy(policy, { agent: "nobody" }).fan_out.max_downstream_per_message).toBe(3);
  });

  it("policy: the boundary in the other direction keeps its own settings", () => {
    const e = effectivePolicy(policy, { sender: "coder", receiver: "planner" });
    expect(e.breaker.failure_threshold).toBe(3);
    expect(e.fan_out.max_downstream_per_message).toBe(8); // the receiver (planner) is the agent by default
  });

  it("policy: no override lifts the chain depth above the provenance ceiling", () => {
    const p = ZPolicy.parse({ ...clone(), overrides: [{ agent: "aa", fan_out: { max_chain_depth: 50 } }] });
    expect(effectivePolicy(p, { agent: "aa" }).fan_out.max_chain_depth).toBe(5);
  });

  it("policy: computing the effective policy leaves the stored policy untouched", () => {
    const before = structuredClone(policy);
    const e = effectivePolicy(policy, { sender: "planner", receiver: "coder" });
    e.breaker.failure_threshold = 1;
    expect(policy).toStrictEqual(before);
  });
});

describe("agent ids", () => {
  it.each(["planner", "a1", "agent.v2_x-y", "0abc", "a".repeat(63)])("agent id %s is accepted", (id) => {
    expect(AGENT_ID_RE.test(id)).toBe(true);
    expect(isAgentId(id)).toBe(true);
  });
  it.each(["a", "", "Planner", "-abc", ".abc", "a b", "a".repeat(64), "agent/1", "ägent"])("agent id %j is refused", (id) => {
    expect(isAgentId(id)).toBe(false);
  });
});

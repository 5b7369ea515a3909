import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, ZPolicy, type TPolicy } from "../../../lib/domain/policy.ts";
import { PolicyParseError, parsePolicy, policyFromYaml, policyToYaml } from "../../../lib/domain/policy-yaml.ts";

// The example document of docs/architecture.md#policy, with its placeholders replaced by real agent ids.
const DOCUMENTED_YAML = `
inter_agent:
  authentication: mutual_tls          # informational: terminate mTLS at the proxy in front of Firebreak
  message_validation: cryptographic_signature
  trust_model: zero_trust
  sender_verification: { require_identity: true, require_capability_proof: true, reject_unknown_senders: true }
  message_integrity: { sign_all_outputs: true, verify_all_inputs: true, reject_unsigned_messages: true }
  provenance: { track_message_origin: true, track_transformation_chain: true, max_chain_depth: 5 }
breaker: { failure_threshold: 3, anomaly_threshold: 0.15, reset_timeout_s: 300, half_open_max_probes: 1, required_approvals: 1 }
fan_out:
  max_downstream_per_message: 3
  max_chain_depth: 5
  max_messages_per_agent_per_cycle: 20
  cycle_s: 60
  cooldown_after_trip_s: 300
  max_concurrent_fan_out: 5
memory: { grants: [ { reader: "planner", partition: "researcher", expires_at: null } ] }
overrides: [ { boundary: { sender: ab, receiver: bc }, breaker: { failure_threshold: 5 } } ]
`;

function caught(fn: () => unknown): PolicyParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyParseError) return e;
    throw e;
  }
  throw new Error("expected a PolicyParseError");
}

describe("policy YAML", () => {
  it("policy yaml: the example document of docs/architecture.md#policy imports", () => {
    const p = policyFromYaml(DOCUMENTED_YAML);
    expect(p.breaker).toStrictEqual(DEFAULT_POLICY.breaker);
    expect(p.fan_out).toStrictEqual(DEFAULT_POLICY.fan_out);
    expect(p.memory.grants).toStrictEqual([{ reader: "planner", partition: "researcher", expires_at: null }]);
    expect(p.overrides).toStrictEqual([{ boundary: { sender: "ab", receiver: "bc" }, breaker: { failure_threshold: 5 } }]);
  });

  it("policy yaml: exporting then importing the defaults gives the same policy", () => {
    const text = policyToYaml(DEFAULT_POLICY);
    expect(text).toContain("failure_threshold: 3");
    expect(policyFromYaml(text)).toStrictEqual(DEFAULT_POLICY);
  });

  it("policy yaml: ids that look like YAML booleans, nulls or numbers survive a round trip as strings", () => {
    const p: TPolicy = ZPolicy.parse({
      ...structuredClone(DEFAULT_POLICY),
      breaker: { ...DEFAULT_POLICY.breaker, anomaly_threshold: 0.1 + 0.2, required_approvals: 2 },
      memory: {
        grants: [
          { reader: "true", partition: "null", expires_at: "2026-12-01T00:00:00.000Z" },
          { reader: "1e3", partition: "0x1f", expires_at: "2026-12-01T01:00:00+01:00" },
          { reader: "007", partition: "no", expires_at: null },
        ],
      },
      overrides: [
        { agent: "yes", fan_out: { max_downstream_per_message: 9 } },
        { boundary: { sender: "on", receiver: "off" }, breaker: { half_open_max_probes: 3 } },
      ],
    });
    const back = policyFromYaml(policyToYaml(p));
    expect(back).toStrictEqual(p);
    expect(back.breaker.anomaly_threshold).toBe(0.1 + 0.2);
  });

  it("policy yaml: a syntax error is reported, not thrown raw", () => {
    const e = caught(() => policyFromYaml("breaker: { failure_threshold: 3\nfan_out: ["));
    expect(e.issues.length).toBeGreaterThan(0);
    expect(e.issues[0]!.path).toBe("(yaml)");
  });

  it("policy yaml: a key given twice is an error instead of the last one winning", () => {
    const text = policyToYaml(DEFAULT_POLICY) + "breaker: { failure_threshold: 100 }\n";
    expect(caught(() => policyFromYaml(text)).issues[0]!.message).toMatch(/unique|duplicate/i);
  });

  it("policy yaml: a schema error names the path of the bad field", () => {
    const text = policyToYaml(DEFAULT_POLICY).replace("anomaly_threshold: 0.15", "anomaly_threshold: 2");
    const e = caught(() => policyFromYaml(text));
    expect(e.issues).toEqual([{ path: "breaker.anomaly_threshold", message: expect.any(String) }]);
    expect(e.message).toContain("breaker.anomaly_threshold");
  });

  it("policy yaml: a misspelt top-level key is refused by name", () => {
    const text = policyToYaml(DEFAULT_POLICY).replace("fan_out:", "fanout:");
    const paths = caught(() => policyFromYaml(text)).issues.map((i) => i.path);
    expect(paths).toContain("fanout");
    expect(paths).toContain("fan_out");
  });

  it("policy yaml: a misspelt nested key is refused at its full path", () => {
    const text = policyToYaml(DEFAULT_POLICY).replace("cycle_s:", "cycle_sec:");
    const e = caught(() => policyFromYaml(text));
    expect(e.issues).toContainEqual({ path: "fan_out.cycle_sec", message: "unknown key" });
  });

  it("policy yaml: an empty document is refused", () => {
    expect(caught(() => policyFromYaml("")).issues[0]!.path).toBe("(root)");
  });

  it("policy yaml: an alias bomb is refused instead of expanding", () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 0; i < 8; i++) bomb.push(`${"b".repeat(i + 1)}: &${"b".repeat(i + 1)} [${Array(10).fill(i === 0 ? "*a" : `*${"b".repeat(i)}`).join(",")}]`);
    const e = caught(() => policyFromYaml(bomb.join("\n")));
    expect(e.issues).toEqual([{ path: "(yaml)", message: expect.stringMatching(/alias/i) }]);
  });

  it("policy json: parsePolicy gives the same path-named errors for JSON bodies", () => {
    const e = caught(() => parsePolicy({ ...DEFAULT_POLICY, overrides: [{ agent: "aa", breaker: { failure_threshold: -1 } }] }));
    expect(e.issues.map((i) => i.path)).toEqual(["overrides[0].breaker.failure_threshold"]);
  });
});

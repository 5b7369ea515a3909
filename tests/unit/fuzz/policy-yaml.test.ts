import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type TPolicy } from "../../../lib/domain/policy.ts";
import { PolicyParseError, parsePolicy, policyFromYaml, policyToYaml } from "../../../lib/domain/policy-yaml.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./fuzz-settings.ts";

// Property tests of the policy document: whatever is pasted, the answer is a policy or a PolicyParseError
// naming paths (never another exception), and every valid policy survives YAML and back unchanged.
const onlyParseErrors = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyParseError);
    expect((e as PolicyParseError).issues.length).toBeGreaterThan(0);
  }
};

const SECTIONS = ["breaker", "fan_out", "inter_agent", "memory", "overrides"] as const;

const validPolicy = fc
  .record({
    failure_threshold: fc.integer({ min: 1, max: 1000 }),
    anomaly_threshold: fc.double({ min: 0, max: 1, noNaN: true }),
    reset_timeout_s: fc.integer({ min: 1, max: 86_400 }),
    extraCooldownS: fc.integer({ min: 0, max: 3600 }),
    max_downstream_per_message: fc.integer({ min: 1, max: 100 }),
    required_approvals: fc.integer({ min: 1, max: 5 }),
    overrideAgent: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,20}$/), { nil: undefined }),
  })
  .map((r): TPolicy => {
    const p = structuredClone(DEFAULT_POLICY) as TPolicy;
    Object.assign(p.breaker, { failure_threshold: r.failure_threshold, anomaly_threshold: r.anomaly_threshold, reset_timeout_s: r.reset_timeout_s, required_approvals: r.required_approvals });
    Object.assign(p.fan_out, { max_downstream_per_message: r.max_downstream_per_message, cooldown_after_trip_s: r.reset_timeout_s + r.extraCooldownS });
    if (r.overrideAgent) p.overrides = [{ agent: r.overrideAgent, fan_out: { max_downstream_per_message: r.max_downstream_per_message + 1 } }];
    return p;
  });

describe("fuzz: the policy YAML", () => {
  it("any text: a policy or a PolicyParseError, nothing else", { timeout: fuzzTimeoutMs }, () => {
    const yamlish = fc.array(fc.constantFrom(..."breaker: fan_out:\n  - {}[]&*!|>'\"#%@`0123456789.e-x"), { maxLength: 200 }).map((cs) => cs.join(""));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), yamlish), (text) => onlyParseErrors(() => policyFromYaml(text))), fuzzRuns);
  });

  it("the default policy with one section or value replaced by anything: a policy or a PolicyParseError", { timeout: fuzzTimeoutMs }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SECTIONS), fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), fc.jsonValue({ maxDepth: 4 }), (section, key, value) => {
        const doc = structuredClone(DEFAULT_POLICY) as Record<string, unknown>;
        if (key === undefined) doc[section] = value;
        else doc[section] = { ...(doc[section] as object), [key]: value };
        onlyParseErrors(() => parsePolicy(doc));
        onlyParseErrors(() => policyFromYaml(policyToYaml(doc as TPolicy)));
      }),
      fuzzRuns,
    );
  });

  it("every valid policy reads back from its YAML unchanged", { timeout: fuzzTimeoutMs }, () => {
    fc.assert(
      fc.property(validPolicy, (p) => {
        const checked = parsePolicy(p);
        expect(policyFromYaml(policyToYaml(checked))).toEqual(checked);
      }),
      fuzzRuns,
    );
  });
});

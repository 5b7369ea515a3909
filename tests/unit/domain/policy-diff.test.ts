import { describe, expect, it } from "vitest";
import { diffPolicies } from "../../../lib/domain/policy-diff.ts";
import { DEFAULT_POLICY, type TPolicy } from "../../../lib/domain/policy.ts";

describe("policy diff", () => {
  it("policy diff: names each changed, added and removed setting by path; equal policies have none", () => {
    const after = structuredClone(DEFAULT_POLICY) as TPolicy;
    after.breaker.failure_threshold = 2;
    after.overrides = [{ boundary: { sender: "price-monitor", receiver: "purchase-recommender" }, breaker: { anomaly_threshold: 0.1 } }];
    expect(diffPolicies(DEFAULT_POLICY, DEFAULT_POLICY)).toEqual([]);
    expect(diffPolicies(DEFAULT_POLICY, after)).toEqual([
      { path: "breaker.failure_threshold", before: 3, after: 2 },
      { path: "overrides", before: [], after: undefined },
      { path: "overrides[0].boundary.sender", before: undefined, after: "price-monitor" },
      { path: "overrides[0].boundary.receiver", before: undefined, after: "purchase-recommender" },
      { path: "overrides[0].breaker.anomaly_threshold", before: undefined, after: 0.1 },
    ]);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importPolicy } from "../../../lib/domain/policy-import.ts";
import { policyFromYaml, policyToYaml } from "../../../lib/domain/policy-yaml.ts";
import { DEFAULT_POLICY } from "../../../lib/domain/policy.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const ARTICLE = fixture("agent-communication-policy.yaml");
const TABLE = fixture("fan-out-table.md");

describe("policy import: the seed article's policy", () => {
  it("import: the article's agent-communication-policy.yaml and fan-out table make a policy whose export is the golden file, and it reads back the same", () => {
    const policy = importPolicy({ yaml: ARTICLE, fanOutTable: TABLE });
    const golden = fixture("agent-communication-policy.golden.yaml");
    expect(policyToYaml(policy)).toBe(golden);
    expect(policyFromYaml(golden)).toEqual(policy);
    expect(policy.fan_out).toMatchObject({ max_downstream_per_message: 3, max_chain_depth: 5, max_messages_per_agent_per_cycle: 20, cooldown_after_trip_s: 300, max_concurrent_fan_out: 5 });
    expect(policy.inter_agent).toEqual(DEFAULT_POLICY.inter_agent);
  });

  it("import: a table value overrides the base, and unknown keys in the YAML or the table are reported, not dropped", () => {
    const stricter = TABLE.replace("| 3 |", "| 2 |");
    expect(importPolicy({ fanOutTable: stricter }).fan_out.max_downstream_per_message).toBe(2);
    const yaml = ARTICLE.replace("  trust_model: zero_trust", "  trust_model: zero_trust\n  encryption: aes");
    const table = `${TABLE}| Max tokens per reply | 400 | Keeps answers short |\n`;
    expect(() => importPolicy({ yaml, fanOutTable: table })).toThrow(
      expect.objectContaining({ issues: [
        { path: "fan-out table: Max tokens per reply", message: "unknown key" },
        { path: "inter_agent.encryption", message: "unknown key" },
      ] }),
    );
  });
});

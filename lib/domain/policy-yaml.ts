import { parseDocument, stringify } from "yaml";
import { toIssues, type TIssue } from "./issues.ts";
import { ZPolicy, type TPolicy } from "./policy.ts";

/** Thrown when a policy document cannot be read or does not validate; `issues` name each problem's path. */
export class PolicyParseError extends Error {
  readonly issues: TIssue[];
  constructor(issues: TIssue[]) {
    super(`invalid policy: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "PolicyParseError";
    this.issues = issues;
  }
}

/** Validates an already-parsed policy object (e.g. a JSON body); throws PolicyParseError. */
export function parsePolicy(input: unknown): TPolicy {
  const result = ZPolicy.safeParse(input);
  if (!result.success) throw new PolicyParseError(toIssues(result.error));
  return result.data;
}

/** Serialises a policy as YAML; policyFromYaml(policyToYaml(p)) deep-equals p. */
export function policyToYaml(policy: TPolicy): string {
  return stringify(policy, { version: "1.2", lineWidth: 0 });
}

/** Parses and validates a YAML policy; syntax errors, duplicate keys and schema errors throw PolicyParseError. */
export function policyFromYaml(text: string): TPolicy {
  // YAML 1.2 core schema: no implicit timestamps, so ISO strings and ids stay strings; aliases are capped.
  const doc = parseDocument(text, { version: "1.2", uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new PolicyParseError(doc.errors.map((e) => ({ path: "(yaml)", message: e.message })));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new PolicyParseError([{ path: "(yaml)", message: e instanceof Error ? e.message : String(e) }]);
  }
  return parsePolicy(value);
}

import "server-only";
import { policyFromYaml, policyToYaml } from "../../domain/policy-yaml.ts";
import { assertCan, type Person } from "../person.ts";
import type { CurrentPolicy } from "./get-current-policy.ts";
import { seedPolicy } from "./seed-policy.ts";
import { toPolicy, updatePolicy } from "./update-policy.ts";

/** The policy in force as YAML (the shape of docs/architecture.md#policy), with its version. */
export async function exportPolicyYaml(): Promise<{ version: number; yaml: string }> {
  const { version, policy } = await seedPolicy();
  return { version, yaml: policyToYaml(policy) };
}

/** Imports a YAML policy as a new version (admin); syntax and schema errors come back as 422 with paths. */
export async function importPolicyYaml(opts: { yaml: string; user: Person; dryRunId?: string }): Promise<CurrentPolicy> {
  assertCan(opts.user, "policy.edit"); // before parsing: a refused person learns nothing about their input
  const document = toPolicy(() => policyFromYaml(opts.yaml));
  return updatePolicy({ document, user: opts.user, ...(opts.dryRunId === undefined ? {} : { dryRunId: opts.dryRunId }) });
}

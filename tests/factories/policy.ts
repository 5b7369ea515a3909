import { policyToYaml } from "../../lib/domain/policy-yaml.ts";
import type { TPolicy } from "../../lib/domain/policy.ts";
import { asUser, type TestSession } from "./session.ts";

/**
 * Puts `policy` back in force through the people's API, as a test file's last step. Through the API, not the
 * service in this process: the server forgets its cached policy (kept 2 s) only for a version stored through
 * it, and the next test file may read the policy from the server at once.
 */
export async function restorePolicy(admin: TestSession, policy: TPolicy): Promise<void> {
  const res = await asUser(admin, "/api/v1/policy/versions", { method: "POST", body: JSON.stringify({ yaml: policyToYaml(policy) }) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`restoring the policy: HTTP ${res.status} ${await res.text()}`);
}

import { DEFAULT_POLICY } from "../../../../lib/domain/policy.ts";

export { ControlPlaneError } from "../../../../sdk/index.ts";

/** A mutable copy of the default policy, for tests that serve a changed one. */
export const DEFAULT_POLICY_FOR_TESTS = structuredClone(DEFAULT_POLICY);

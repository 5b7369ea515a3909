// Placeholder until the config-driven validators land: the schema of the `validators:` list and a factory that
// builds no validators. Replaced by the real module (JSON Schema, outlier, deny list, webhook).
import { z } from "zod";
import type { TValidator } from "../../sdk/index.ts";

/** The `validators:` list of a sidecar config. */
export const ZValidatorsConfig = z.array(z.object({ from: z.string() }).passthrough()).default([]);

/** Builds, per sender, the validators the config names for it. */
export function createValidators(entries: z.infer<typeof ZValidatorsConfig>, opts: { baseDir: string; fetch?: typeof fetch }): (sender: string) => TValidator[] {
  void entries;
  void opts;
  return () => [];
}

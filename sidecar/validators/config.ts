import { z } from "zod";

/** One JSONPath expression (jsonpath-plus syntax), starting at the root `$`. */
const ZJsonPath = z.string().trim().startsWith("$", { message: "a JSONPath starts with $" });

/** The rolling outlier check: numbers at `path`, grouped by the values at `groupBy`, paired in order. */
export const ZOutlierConfig = z.strictObject({
  path: ZJsonPath,
  groupBy: ZJsonPath.optional(),
  maxDeviation: z.number().positive(),
  window: z.int().min(2).max(10_000).default(50),
});
export type TOutlierConfig = z.infer<typeof ZOutlierConfig>;

/** One entry of the sidecar config's `validators:` list: checks on messages into this agent from `from`. */
export const ZValidatorEntry = z
  .strictObject({
    from: z.string().min(1),
    jsonSchema: z.string().min(1).optional(),
    outlier: ZOutlierConfig.optional(),
    deny: z.array(z.string().min(1)).optional(),
    webhook: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((e) => e.jsonSchema || e.outlier || e.deny || e.webhook, {
    message: "a validator needs at least one of jsonSchema, outlier, deny, webhook",
  });
export type TValidatorEntry = z.infer<typeof ZValidatorEntry>;

/** The sidecar config's `validators:` list. */
export const ZValidatorsConfig = z.array(ZValidatorEntry).default([]);
export type TValidatorsConfig = z.infer<typeof ZValidatorsConfig>;

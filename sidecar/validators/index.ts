import type { ValidateFunction } from "ajv";
import path from "node:path";
import type { TMessage, TValidator } from "../../sdk/index.ts";
import type { TValidatorEntry } from "./config.ts";
import { checkDeny } from "./deny.ts";
import { checkJsonPath } from "./json-path.ts";
import { checkSchema, compileSchemaFile } from "./json-schema.ts";
import { createOutlierCheck } from "./outlier.ts";
import { collectParts } from "./parts.ts";
import { createWebhookCheck } from "./webhook.ts";

export { ZValidatorsConfig, ZValidatorEntry, type TValidatorEntry, type TValidatorsConfig } from "./config.ts";
export { collectParts, type TParts } from "./parts.ts";

/** Where validator files live and how webhooks are called. */
export type TCreateValidatorsOptions = { baseDir: string; fetch?: typeof fetch; webhookTimeoutMs?: number };

/**
 * Builds the validators of a sidecar config's `validators:` list (already parsed with `ZValidatorsConfig`).
 * Schema files and JSONPaths are checked here, once: a bad one throws a `ConfigError` naming its key
 * (`validators[0].jsonSchema`). Returns, per sender, the validators of the entries whose `from` is that sender
 * or "*", in config order. Each validator reads the message's `body` as a parsed A2A JSON-RPC object.
 * Outlier windows are kept per entry and per sender, so two senders never share a median.
 */
export function createValidators(entries: readonly TValidatorEntry[], options: TCreateValidatorsOptions): (sender: string) => TValidator[] {
  const schemas = new Map<string, ValidateFunction>(); // compiled once per file
  const builders = entries.map((entry, i) => builder(entry, `validators[${i}]`, options, schemas));
  const bySender = new Map<string, TValidator[]>();
  return (sender) => {
    let list = bySender.get(sender);
    if (!list) {
      list = entries.flatMap((e, i) => (e.from === sender || e.from === "*" ? builders[i]() : []));
      bySender.set(sender, list);
    }
    return list;
  };
}

/** Checks one entry now and returns a maker of its validator (one per sender, each with its own state). */
function builder(entry: TValidatorEntry, key: string, options: TCreateValidatorsOptions, schemas: Map<string, ValidateFunction>) {
  let schema: ValidateFunction | undefined;
  if (entry.jsonSchema) {
    const file = path.resolve(options.baseDir, entry.jsonSchema);
    schema = schemas.get(file) ?? compileSchemaFile(file, options.baseDir, `${key}.jsonSchema`);
    schemas.set(file, schema);
  }
  if (entry.outlier) {
    checkJsonPath(entry.outlier.path, `${key}.outlier.path`);
    if (entry.outlier.groupBy) checkJsonPath(entry.outlier.groupBy, `${key}.outlier.groupBy`);
  }
  return (): TValidator[] => {
    const checks: TValidator[] = [];
    const parts = (m: TMessage) => collectParts(m.body);
    if (schema) checks.push((m) => checkSchema(schema, parts(m).data, entry.jsonSchema!));
    if (entry.outlier) {
      const outlier = createOutlierCheck(entry.outlier);
      checks.push((m) => outlier(parts(m).data));
    }
    if (entry.deny?.length) checks.push((m) => checkDeny(entry.deny!, parts(m).text));
    if (entry.webhook) checks.push(createWebhookCheck(entry.webhook, { fetch: options.fetch, timeoutMs: options.webhookTimeoutMs }));
    return checks;
  };
}

import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { TValidation } from "../../sdk/index.ts";
import { configError } from "./config-error.ts";

const DRAFT_2020 = /draft\/2020-12/;

/** Reads and compiles one JSON Schema file (relative to `baseDir`); a bad file is a config error naming `key`. */
export function compileSchemaFile(file: string, baseDir: string, key: string): ValidateFunction {
  const full = path.resolve(baseDir, file);
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(full, "utf8"));
  } catch (err) {
    throw configError(key, `cannot read a JSON Schema from ${full}: ${(err as Error).message}`);
  }
  if (typeof schema !== "object" || schema === null) throw configError(key, `${full} is not a JSON Schema object`);
  const $schema = (schema as { $schema?: unknown }).$schema;
  const ajv = typeof $schema === "string" && DRAFT_2020.test($schema) ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
  try {
    return ajv.compile(schema as object);
  } catch (err) {
    throw configError(key, `${full} is not a valid JSON Schema: ${(err as Error).message}`);
  }
}

// strict: false lets schemas written for other tools (unknown keywords, formats) still compile.
const OPTIONS = { allErrors: true, strict: false, logger: false } as const;

/** Checks every data part against the schema; the first failing part's errors become the reason. */
export function checkSchema(validate: ValidateFunction, data: unknown[], file: string): TValidation {
  for (const [i, value] of data.entries()) {
    if (validate(value)) continue;
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    return { ok: false, reason: `data part ${i} fails ${file}: ${errors.join("; ")}`, anomalyScore: 1 };
  }
  return { ok: true };
}

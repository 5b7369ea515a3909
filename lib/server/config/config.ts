import type { z } from "zod";
import { BREAKER_VARS } from "./breaker-vars.ts";
import { INGEST_VARS } from "./ingest-vars.ts";
import { NOTIFY_VARS } from "./notify-vars.ts";
import { SERVER_VARS } from "./server-vars.ts";
import { SIGN_IN_VARS } from "./sign-in-vars.ts";
import type { Variable } from "./variable.ts";

/** Every environment variable the server and its scripts read, by area (docs/operations.md#configuration). */
export const VARIABLES = { ...SERVER_VARS, ...SIGN_IN_VARS, ...INGEST_VARS, ...BREAKER_VARS, ...NOTIFY_VARS } satisfies Record<string, Variable>;

/** The parsed configuration: each variable by its own name, defaults filled in. */
export type Config = { readonly [K in keyof typeof VARIABLES]: z.output<(typeof VARIABLES)[K]["schema"]> };

/** Bad values, one line each naming the variable, its value and what it should be. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (every variable at once, so all bad values are named together). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(VARIABLES) as [string, Variable][]) {
    const result = v.schema.safeParse(env[name]);
    if (result.success) parsed[name] = result.data;
    else problems.push(`${name}${v.secret ? " (value not shown)" : `=${JSON.stringify(env[name])}`} is not valid: expected ${v.expect}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return parsed as Config;
}

// Parsed once per process (and per bundle), on first use.
let cached: Config | undefined;

/** This process's configuration, parsed from process.env on first use; throws ConfigError on a bad value. */
export function config(): Config {
  return (cached ??= parseConfig(process.env));
}

/** Forgets the parsed configuration, so the next config() reads process.env again (tests that change it). */
export function reloadConfig(): void {
  cached = undefined;
}

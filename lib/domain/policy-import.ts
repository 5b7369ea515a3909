import { parseDocument } from "yaml";
import type { TIssue } from "./issues.ts";
import { DEFAULT_POLICY, type TFanOutPolicy, type TPolicy } from "./policy.ts";
import { PolicyParseError, parsePolicy } from "./policy-yaml.ts";

/** The rows of the article's fan-out table, by their label, and the setting each sets. */
export const FAN_OUT_TABLE_ROWS: Record<string, keyof TFanOutPolicy> = {
  "max downstream agents per message": "max_downstream_per_message",
  "max chain depth": "max_chain_depth",
  "max messages per agent per cycle": "max_messages_per_agent_per_cycle",
  "cooldown after breaker trip": "cooldown_after_trip_s",
  "max concurrent fan-out": "max_concurrent_fan_out",
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `over` laid on `base` key by key (objects merge, everything else replaces); unknown keys are kept so validation names them. */
function layer(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? layer(base[k], v) : v;
  return out;
}

/**
 * Reads a markdown table `| Constraint | Value | … |` of fan-out settings ("300s" reads as 300). A row whose
 * label is not a known setting, or whose value is not a whole number, is reported, never skipped silently.
 */
export function fanOutFromTable(markdown: string): { fan_out: Partial<TFanOutPolicy>; issues: TIssue[] } {
  const fanOut: Partial<TFanOutPolicy> = {};
  const issues: TIssue[] = [];
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length < 2 || /^constraint$/i.test(cells[0]) || /^-+$/.test(cells[0])) continue;
    const key = FAN_OUT_TABLE_ROWS[cells[0].toLowerCase()];
    const value = Number(cells[1].replace(/\s*s$/, ""));
    if (!key) issues.push({ path: `fan-out table: ${cells[0]}`, message: "unknown key" });
    else if (!Number.isInteger(value)) issues.push({ path: `fan-out table: ${cells[0]}`, message: `not a whole number: ${cells[1]}` });
    else fanOut[key] = value;
  }
  return { fan_out: fanOut, issues };
}

/**
 * Imports a partial policy (YAML, e.g. only `inter_agent`) and optionally a fan-out table, laid over `base`
 * (the defaults). Throws PolicyParseError naming every problem, unknown keys included, by its path.
 */
export function importPolicy(opts: { yaml?: string; fanOutTable?: string; base?: TPolicy }): TPolicy {
  let doc: unknown = {};
  const issues: TIssue[] = [];
  if (opts.yaml !== undefined) {
    const parsed = parseDocument(opts.yaml, { version: "1.2", uniqueKeys: true });
    if (parsed.errors.length > 0) throw new PolicyParseError(parsed.errors.map((e) => ({ path: "(yaml)", message: e.message })));
    doc = parsed.toJS({ maxAliasCount: 100 }) ?? {};
  }
  if (opts.fanOutTable !== undefined) {
    const table = fanOutFromTable(opts.fanOutTable);
    issues.push(...table.issues);
    doc = layer(doc, { fan_out: table.fan_out });
  }
  let policy: TPolicy | undefined;
  try {
    policy = parsePolicy(layer(structuredClone(opts.base ?? DEFAULT_POLICY), doc));
  } catch (err) {
    if (!(err instanceof PolicyParseError)) throw err;
    issues.push(...err.issues);
  }
  if (issues.length > 0 || !policy) throw new PolicyParseError(issues);
  return policy;
}

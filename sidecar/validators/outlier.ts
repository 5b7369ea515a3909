import type { TValidation } from "../../sdk/index.ts";
import type { TOutlierConfig } from "./config.ts";
import { select } from "./json-path.ts";

/** A group needs this many accepted values before its values are judged. */
export const MIN_SAMPLES = 3;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * A rolling outlier check: each number at `path` is compared with the median of the last `window` values
 * accepted for its group (the value at `groupBy` with the same index). Off by more than `maxDeviation`
 * (relative to the median) is an outlier; the anomaly score is the deviation over twice the limit (so the
 * limit itself scores 0.5, the breaker's "anomalous"), capped at 1. Only values judged normal (or not yet
 * judged) join the window, so a poisoned feed cannot drag the median along with it.
 */
export function createOutlierCheck(config: TOutlierConfig) {
  const history = new Map<string, number[]>();

  const pairs = (data: unknown): Array<[string, unknown]> | string => {
    const values = select(config.path, data);
    if (!config.groupBy) return values.map((v) => ["*", v]);
    const groups = select(config.groupBy, data);
    if (groups.length !== values.length) {
      return `outlier: ${config.path} matched ${values.length} values but ${config.groupBy} matched ${groups.length}`;
    }
    return values.map((v, i) => [String(groups[i]), v]);
  };

  return (data: unknown[]): TValidation => {
    const accepted: Array<[string, number]> = [];
    const outliers: string[] = [];
    let worst = 0;
    for (const part of data) {
      const found = pairs(part);
      if (typeof found === "string") return { ok: false, reason: found, anomalyScore: 1 };
      for (const [group, value] of found) {
        if (typeof value !== "number" || !Number.isFinite(value)) {
          return { ok: false, reason: `outlier: ${config.path} matched a non-number (${JSON.stringify(value)}) for ${group}`, anomalyScore: 1 };
        }
        const seen = history.get(group) ?? [];
        if (seen.length < MIN_SAMPLES) {
          accepted.push([group, value]);
          continue;
        }
        const med = median(seen);
        const off = med === 0 ? (value === 0 ? 0 : Infinity) : Math.abs(value - med) / Math.abs(med);
        worst = Math.max(worst, off);
        if (off > config.maxDeviation) outliers.push(`${group} at ${value} is ${Math.round(off * 100)} % off its median ${round(med)}`);
        else accepted.push([group, value]);
      }
    }
    for (const [group, value] of accepted) history.set(group, [...(history.get(group) ?? []), value].slice(-config.window));
    const anomalyScore = Math.min(1, worst / (2 * config.maxDeviation));
    if (outliers.length) return { ok: false, reason: `outlier: ${outliers.join("; ")}`, anomalyScore };
    return { ok: true, anomalyScore };
  };
}

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TBreakerState } from "../../sdk/index.ts";

/** Each simulated agent's breakers, by agent id then sender. */
export type TBreakerFile = Record<string, Record<string, TBreakerState>>;

const file = (dir: string) => path.join(dir, "breakers.json");

/** The breakers saved in DIR by the last run (so epochs and seqs carry on), or none. */
export function loadBreakers(dir: string | undefined): TBreakerFile {
  return dir && existsSync(file(dir)) ? (JSON.parse(readFileSync(file(dir), "utf8")) as TBreakerFile) : {};
}

/** Saves the breakers for the next run (only with --keys-dir: the same keys and the same boundaries). */
export function saveBreakers(dir: string | undefined, breakers: TBreakerFile): void {
  if (dir) writeFileSync(file(dir), JSON.stringify(breakers) + "\n");
}

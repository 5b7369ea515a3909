import { parseArgs } from "node:util";
import os from "node:os";

/** Parses --flags for a CLI script; prints usage and exits 2 on unknown flags or missing required ones. */
export function cliArgs(usage: string, flags: Record<string, { type: "string" | "boolean" }>, required: string[] = []) {
  try {
    const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: flags, allowPositionals: true });
    const missing = required.filter((k) => values[k] === undefined);
    if (missing.length) throw new Error(`missing --${missing.join(", --")}`);
    return { values: values as Record<string, string | undefined> & { [flag: string]: string | undefined }, positionals };
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
}

/** Who a CLI action is recorded as in the audit log. */
export const cliActor = () => `cli:${os.userInfo().username}`;

/** Runs a CLI main, printing a clean message (no stack) for expected errors. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
    process.exit(0);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  }
}

import { cliArgs } from "../cli-args.ts";

/** The simulator's options. */
export type TSimArgs = {
  scenario: "supply-chain" | "scale";
  agents: number;
  seed: number;
  url: string;
  loop: boolean;
  keysDir?: string;
  paceMs: number;
  rounds: number;
  approvalTimeoutS: number;
};

const USAGE =
  "npm run simulate -- --scenario supply-chain|scale [--agents N] [--seed S] [--url U] [--loop] [--keys-dir DIR] [--pace-ms MS] [--rounds N] [--approval-timeout S]";

function int(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}\nusage: ${USAGE}`);
  return n;
}

/** Parses the command line (exits 2 on unknown flags). */
export function simArgs(): TSimArgs {
  const s = { type: "string" } as const;
  const { values } = cliArgs(USAGE, {
    scenario: s, agents: s, seed: s, url: s, loop: { type: "boolean" }, "keys-dir": s, "pace-ms": s, rounds: s, "approval-timeout": s,
  }, ["scenario"]);
  const scenario = values.scenario;
  if (scenario !== "supply-chain" && scenario !== "scale") throw new Error(`--scenario must be supply-chain or scale\nusage: ${USAGE}`);
  return {
    scenario,
    agents: int(values.agents, 20, "agents", 2, 5000),
    seed: int(values.seed, 42, "seed", 0, 2 ** 31 - 1),
    url: (values.url ?? "http://localhost:3000").replace(/\/+$/, ""),
    loop: (values.loop as unknown) === true,
    ...(values["keys-dir"] ? { keysDir: values["keys-dir"] } : {}),
    paceMs: int(values["pace-ms"], scenario === "scale" ? 200 : 800, "pace-ms", 0, 60_000),
    rounds: int(values.rounds, 20, "rounds", 1, 100_000),
    approvalTimeoutS: int(values["approval-timeout"], 900, "approval-timeout", 0, 86_400),
  };
}

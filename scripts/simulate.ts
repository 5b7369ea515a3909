// npm run simulate -- --scenario supply-chain|scale [--agents N] [--seed S] [--url U] [--loop] [--keys-dir DIR]
// Real SDK agents, each with its own key, talking only through signed envelopes and reporting to Firebreak.
import { simArgs } from "./sim/args.ts";
import { narrator } from "./sim/narrator.ts";
import { runScale } from "./sim/scale.ts";
import { runSupplyChain } from "./sim/supply-chain.ts";
import { runCli } from "./cli-args.ts";

await runCli(async () => {
  const args = simArgs();
  const n = narrator();
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    n.say("simulator", "stopping: flushing events (Ctrl-C again to quit at once)");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const run = args.scenario === "scale" ? runScale : runSupplyChain;
  await run(args, n, () => stopping);
});

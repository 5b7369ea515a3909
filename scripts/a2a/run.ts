// The supply-chain story with real A2A agents, each behind its own Firebreak sidecar: npm run demo -- --a2a
// (or, against a running Firebreak: npx tsx scripts/a2a/run.ts --url http://localhost:3000). See docs/sidecar-demo.md.
import path from "node:path";
import { cliArgs } from "../cli-args.ts";
import { narrator } from "../sim/narrator.ts";
import { seededRng } from "../sim/prng.ts";
import { provisionAgents } from "../sim/provision.ts";
import { POISONED_SUPPLIER, ROLES } from "../sim/supply-chain-roles.ts";
import { cast, type TMember } from "./cast.ts";
import { peerUrl, writeConfigs } from "./configs.ts";
import { Processes, waitForHttp } from "./processes.ts";
import { refusal, runCycle, tell, writeFeed } from "./story.ts";

const USAGE = "tsx scripts/a2a/run.ts [--url U] [--data-dir DIR] [--base-port P] [--healthy-rounds N] [--pace-ms MS] [--approval-timeout S] [--seed S] [--loop]";
const { values: v } = cliArgs(USAGE, {
  url: { type: "string" }, "data-dir": { type: "string" }, "base-port": { type: "string" }, "healthy-rounds": { type: "string" },
  "pace-ms": { type: "string" }, "approval-timeout": { type: "string" }, seed: { type: "string" }, loop: { type: "boolean" },
});
const url = (v.url ?? "http://localhost:3000").replace(/\/+$/, "");
const dataDir = path.resolve(v["data-dir"] ?? path.join("data", "a2a"));
const basePort = Number(v["base-port"] ?? 8100);
const healthy = Number(v["healthy-rounds"] ?? 4);
const paceMs = Number(v["pace-ms"] ?? 1500);
const approvalTimeoutS = Number(v["approval-timeout"] ?? 900);
const loop = (v.loop as unknown) === true;

const n = narrator();
const rng = seededRng(Number(v.seed ?? 42));
const members = cast(basePort);
const feedFile = path.join(dataDir, "feed.json");
const procs = new Processes(path.join(dataDir, "logs"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stopping = false;

async function stop(code: number): Promise<never> {
  stopping = true;
  await procs.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

/** Starts one member's agent and sidecar. */
function startMember(m: TMember, config: string): void {
  const onExit = (name: string, code: number | null) => {
    if (stopping) return;
    console.error(`${name} exited (code ${code}); see ${path.join(dataDir, "logs", `${name}.log`)}`);
    void stop(1);
  };
  const peerArgs = m.peers.flatMap((p) => [`--${p}`, peerUrl(m, p)]);
  const extra = m.id === ROLES.monitor ? ["--feed", feedFile] : [];
  procs.start(m.id, m.program.kind, [m.program.file, "--port", String(m.port), ...peerArgs, ...extra], onExit);
  procs.start(`${m.id}.sidecar`, "tsx", ["sidecar/cli.ts", "--config", config], onExit);
}

const recommender = members.find((m) => m.id === ROLES.recommender)!;
let no = 0;
const cycle = async () => {
  const c = await runCycle(recommender.port, rng.int(10, 100));
  tell(n, ++no, c);
  return c;
};

/** Poisoned rounds until B's sidecar has tripped the boundary A → B (the next call is refused as circuit_open). */
async function poisonUntilTripped(): Promise<boolean> {
  n.section(`the supplier feed is poisoned: ${POISONED_SUPPLIER} quoted 60 % low`);
  for (let i = 0; i < 12; i++) {
    writeFeed(feedFile, rng, true);
    if (refusal(await cycle()) === "circuit_open") return true;
    await sleep(paceMs);
  }
  return false;
}

/** Waits, one refused cycle every 5 s, until a cycle goes through again (approval, cooldown, probe). */
async function untilProbePasses(): Promise<boolean> {
  n.section(`${ROLES.monitor} → ${ROLES.recommender} is OPEN: a review waits at ${url}/reviews`);
  n.say(ROLES.monitor, "the supplier fixed its feed; the boundary stays OPEN until a reviewer approves and the cooldown ends");
  writeFeed(feedFile, rng, false);
  const end = Date.now() + approvalTimeoutS * 1000;
  let said = "";
  while (!stopping && Date.now() < end) {
    await sleep(5_000);
    const c = await runCycle(recommender.port, rng.int(10, 100));
    if (refusal(c) === "circuit_open") {
      const line = `refused while OPEN (${c.error})`;
      if (line !== said) n.say(ROLES.recommender, (said = line));
      continue;
    }
    n.section("approved: B's probe goes through");
    tell(n, ++no, c);
    return c.stage === "done";
  }
  n.say(ROLES.recommender, `no approval within ${approvalTimeoutS} s: the boundary stays OPEN`);
  return false;
}

async function main(): Promise<void> {
  const ids = members.map((m) => m.id);
  await provisionAgents(ids, (id) => members.find((m) => m.id === id)!.name, path.join(dataDir, "keys"));
  const configs = writeConfigs(dataDir, members, url);
  writeFeed(feedFile, rng, false);
  for (const m of members) startMember(m, configs.get(m.id)!);
  for (const m of members) {
    await waitForHttp(`http://127.0.0.1:${m.port}/.well-known/agent-card.json`, 180_000);
    await waitForHttp(`http://127.0.0.1:${m.inbound}/healthz`, 180_000);
  }
  n.section("five A2A agents, each behind its own sidecar");
  for (const m of members) {
    n.say(m.id, `${m.name}: agent 127.0.0.1:${m.port}, inbound sidecar :${m.inbound}, outbound :${m.outbound}${m.peers.length ? `, peers ${m.peers.join(", ")}` : ""}`);
  }
  n.say("", `configs in ${dataDir}, logs in ${path.join(dataDir, "logs")}`);
  do {
    n.section(`${healthy} healthy rounds`);
    for (let i = 0; i < healthy && !stopping; i++) {
      writeFeed(feedFile, rng, false);
      await cycle();
      await sleep(paceMs);
    }
    if (!(await poisonUntilTripped())) {
      n.say(ROLES.recommender, "the boundary did not trip within 12 poisoned rounds (see the sidecar logs)");
      return stop(1);
    }
    if (!(await untilProbePasses())) return stop(1);
  } while (loop && !stopping);
  await stop(0);
}

await main().catch((err: Error) => {
  console.error(`error: ${err.message}`);
  return stop(1);
});

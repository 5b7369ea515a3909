import { BoundaryOpenError, PolicyViolationError, type TAgent, type TValidation } from "../../sdk/index.ts";
import type { TSimArgs } from "./args.ts";
import type { TNarrator } from "./narrator.ts";
import { seededRng, type TRng } from "./prng.ts";
import { provisionAgents } from "./provision.ts";
import { simWorld } from "./world.ts";

type TGraph = { ids: string[]; layer: Map<string, number>; down: Map<string, string[]>; faulty: Set<string> };
type TInbox = Map<string, { messageId: string; chain: string[] }[]>;
type TCounts = { sent: number; accepted: number; rejected: number; refused: number; held: number };

const MAX_TIME_MS = 5 * 60_000;

/** A layered random graph: ≤ 5 layers, each agent feeding 1–3 agents of the next layer; about 1 in 7 is faulty. */
export function layeredGraph(n: number, rng: TRng): TGraph {
  const ids = Array.from({ length: n }, (_, i) => `sim-${String(i).padStart(4, "0")}`);
  const layers = Math.min(5, Math.max(2, Math.ceil(Math.log2(n))));
  const layer = new Map(ids.map((id, i) => [id, Math.floor((i * layers) / n)]));
  const byLayer = (l: number) => ids.filter((id) => layer.get(id) === l);
  const down = new Map<string, string[]>();
  const faulty = new Set<string>();
  for (const id of ids) {
    const next = byLayer(layer.get(id)! + 1);
    const picks = new Set<string>();
    for (let k = rng.int(1, 3); next.length > 0 && picks.size < Math.min(k, next.length); ) picks.add(rng.pick(next));
    down.set(id, [...picks]);
    if (next.length > 0 && rng.chance(0.15)) faulty.add(id);
  }
  return { ids, layer, down, faulty };
}

const validate = (m: { body: unknown }): TValidation =>
  (m.body as { bad?: boolean }).bad ? { ok: false, reason: "corrupted payload", anomalyScore: 0.9 } : { ok: true, anomalyScore: 0.05 };

/** One agent's turn: origins emit, others forward what they received this round (parents = those messages). */
async function turn(agent: TAgent, g: TGraph, inbox: TInbox, rng: TRng, counts: TCounts, deliver: ReturnType<typeof simWorld>["deliver"]): Promise<void> {
  const got = inbox.get(agent.id) ?? [];
  inbox.delete(agent.id);
  const origin = g.layer.get(agent.id) === 0;
  const receivers = g.down.get(agent.id) ?? [];
  if (receivers.length === 0 || (!origin && got.length === 0) || (origin && !rng.chance(0.7))) return;
  const bad = g.faulty.has(agent.id) && rng.chance(0.6);
  try {
    const sent = await agent.send(receivers, { bad, size: got.length }, { parents: got.map((m) => m.messageId), chain: got[0]?.chain ?? [] });
    counts.sent++;
    for (const [r, res] of await deliver(agent, sent, () => [validate])) {
      if (!res.accepted) counts.rejected++;
      else {
        counts.accepted++;
        inbox.set(r, [...(inbox.get(r) ?? []), { messageId: sent.messageId, chain: sent.chain }]);
      }
    }
  } catch (err) {
    if (err instanceof PolicyViolationError) counts.refused++;
    else if (err instanceof BoundaryOpenError) counts.held++;
    else throw err;
  }
}

/** npm run simulate -- --scenario scale --agents N: load for the graph and the ingest path, bounded in rounds and time. */
export async function runScale(args: TSimArgs, n: TNarrator, stopped: () => boolean): Promise<void> {
  const rng = seededRng(args.seed);
  const g = layeredGraph(args.agents, rng);
  const ring = await provisionAgents(g.ids, (id) => `Simulated agent ${id}`, args.keysDir);
  // Many agents in one process: fewer, larger event batches keep the request count down.
  const world = simWorld(args.url, ring, n, { narrate: args.agents <= 50, reporter: { flushIntervalMs: 1_000 }, pollIntervalMs: 10_000, ...(args.keysDir ? { keysDir: args.keysDir } : {}) });
  const edges = [...g.down.values()].reduce((s, d) => s + d.length, 0);
  n.say("simulator", `scale: ${g.ids.length} agents, ${edges} boundaries, ${g.faulty.size} faulty, seed ${args.seed}, reporting to ${args.url}`);
  const started = Date.now();
  const counts: TCounts = { sent: 0, accepted: 0, rejected: 0, refused: 0, held: 0 };
  const inbox: TInbox = new Map();
  try {
    for (let r = 1; !stopped() && (args.loop || (r <= args.rounds && Date.now() - started < MAX_TIME_MS)); r++) {
      for (const id of g.ids) await turn(world.agent(id), g, inbox, rng, counts, world.deliver);
      n.say("simulator", `round ${r}: ${counts.sent} sent, ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.refused} refused by caps, ${counts.held} held (boundary OPEN)`);
      await new Promise((res) => setTimeout(res, args.paceMs));
    }
  } finally {
    await world.close();
  }
}

import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { insertRows } from "../../lib/server/db/sql.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";

/** A seeded graph: the boundaries the benchmark may trip (their receivers hold real signing keys). */
export type SeededGraph = { agents: number; boundaries: number; trippable: { sender: string; receiver: TestAgent; id: string }[] };

/** A deterministic pseudo-random sequence (mulberry32), so every run seeds the same graph. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeds a layered pipeline of `agents` agents in 10 layers and `boundaries` boundaries between neighbouring
 * layers, with recent traffic, some failures, a few tripped breakers, reviews and incidents. Layer 1's agents
 * are registered with real keys (they receive from layer 0, so they can report trips); the rest are raw rows.
 */
export async function seedGraph(opts: { agents: number; boundaries: number; now?: Date }): Promise<SeededGraph> {
  const rnd = random(7);
  const now = opts.now ?? new Date();
  const perLayer = Math.ceil(opts.agents / 10);
  const receivers = await Promise.all(Array.from({ length: perLayer }, () => createTestAgent("bench")));
  const ids = Array.from({ length: opts.agents }, (_, i) => (i >= perLayer && i < 2 * perLayer ? receivers[i - perLayer].id : `agent-${String(i).padStart(4, "0")}`));
  const layerOf = (i: number) => Math.floor(i / perLayer);
  const edges = new Map<string, [string, string]>();
  while (edges.size < opts.boundaries) {
    const s = Math.floor(rnd() * (opts.agents - perLayer));
    const r = (layerOf(s) + 1) * perLayer + Math.floor(rnd() * perLayer);
    if (r < opts.agents) edges.set(boundaryId(ids[s], ids[r]), [ids[s], ids[r]]);
  }
  const rows = [...edges].map(([id, [s, r]], k) => {
    const state = k % 97 === 5 ? "OPEN" : k % 131 === 7 ? "HALF_OPEN" : "CLOSED";
    return [id, s, r, state, state === "CLOSED" ? 0 : 1, now, now, state === "OPEN" ? new Date(now.getTime() + 300_000) : null];
  });
  const minute = (n: number) => new Date(now.getTime() - n * 60_000);
  await getDb().$transaction(async (tx) => {
    await insertRows(tx, "Agent", ["id", "name", "status", "createdAt", "updatedAt"],
      ids.filter((_, i) => layerOf(i) !== 1).map((id, i) => [id, `Agent ${id.slice(-4)}`, i % 211 === 3 ? "suspended" : "active", now, now]));
    await insertRows(tx, "Boundary", ["id", "sender", "receiver", "state", "epoch", "createdAt", "updatedAt", "cooldownEndsAt"], rows);
    const traffic = rows.flatMap(([, s, r], k) => Array.from({ length: k % 4 === 0 ? 1 + (k % 17) : 0 }, (_, m) =>
      [0, `m-${k}-${m}`, s, r, m === 0 && k % 23 === 0 ? "rejected" : "accepted", "[]", 0.02, 1 + (k % 5 === 0 ? 3 : 0), minute(rnd() * 4)]));
    await insertRows(tx, "MessageValidation", ["eventSeq", "messageId", "sender", "receiver", "outcome", "reasons", "anomalyScore", "fanOut", "time"], traffic);
    const open = rows.filter((r) => r[3] === "OPEN");
    await insertRows(tx, "Review", ["id", "boundaryId", "epoch", "kind", "status", "evidence", "cooldownEndsAt", "createdAt"],
      open.map((r) => [`rev_${r[0]}`, r[0], 1, "trip", "pending", "{}", r[7], now]));
    await insertRows(tx, "Incident", ["id", "type", "boundaryId", "detail", "createdAt"],
      rows.filter((r) => r[3] === "HALF_OPEN").map((r, k) => [`inc_${r[0]}`, k % 2 ? "gate_bypass" : "unreported_trip", r[0], "seeded", now]));
  });
  const byId = new Map(receivers.map((a) => [a.id, a]));
  const trippable = rows.filter((r) => r[3] === "CLOSED" && byId.has(r[2] as string))
    .map((r) => ({ id: r[0] as string, sender: r[1] as string, receiver: byId.get(r[2] as string)! }));
  return { agents: ids.length, boundaries: rows.length, trippable };
}

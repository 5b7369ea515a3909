// Provenance benchmark (docs/benchmarks.md#provenance): upstream and downstream walks to depth 5 over 1,000,000 records on
// SQLite, through the same recursive CTE the explorer uses. Target: p95 ≤ 50 ms.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "../../lib/server/db/migrate.ts";
import { closeDb } from "../../lib/server/db/client.ts";
import { walkLineage } from "../../lib/server/provenance/walk-lineage.ts";
import { setEnv } from "../support/env.ts";

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const WALKS = Number(process.env.BENCH_WALKS ?? 300);

// Deterministic PRNG so every run builds the same graph.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

function seedGraph(file: string): number {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF"); // bulk load only; the app itself runs with synchronous = FULL
  const node = db.prepare(`INSERT INTO "ProvenanceNode" ("id","kind","agentId","createdAt") VALUES (?,?,?,?)`);
  const edge = db.prepare(`INSERT OR IGNORE INTO "ProvenanceEdge" ("childId","parentId") VALUES (?,?)`);
  let edges = 0;
  const load = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      node.run(`rec-${i}`, i % 3 ? "record" : "message", `agent-${i % 1000}`, new Date(1_700_000_000_000 + i).toISOString().replace("Z", "+00:00"));
      if (i === 0) continue;
      // One or two parents among the recent past: pipelines that keep deriving from fresh data.
      const parents = rand() < 0.4 ? 2 : 1;
      for (let p = 0; p < parents; p++) {
        edge.run(`rec-${i}`, `rec-${Math.max(0, i - 1 - Math.floor(rand() * 2000))}`);
        edges++;
      }
    }
  });
  for (let i = 0; i < RECORDS; i += 50_000) load(i, Math.min(RECORDS, i + 50_000));
  db.close();
  return edges;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const dir = path.resolve("data", "bench", `provenance-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  const file = path.join(dir, "firebreak.db");
  await migrate(`file:${file}`);
  const t0 = performance.now();
  const edges = seedGraph(file);
  console.log(`provenance benchmark: ${RECORDS.toLocaleString("en-US")} nodes, ${edges.toLocaleString("en-US")} edges (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  setEnv({ DATABASE_URL: `file:${file}` });
  for (const direction of ["upstream", "downstream"] as const) {
    const times: number[] = [];
    let visited = 0;
    for (let i = 0; i < WALKS + 20; i++) {
      const id = `rec-${Math.floor(rand() * RECORDS)}`;
      const start = performance.now();
      const nodes = await walkLineage({ ids: [id], direction, maxDepth: 5 });
      if (i >= 20) { times.push(performance.now() - start); visited += nodes.length; } // the first 20 warm the cache
    }
    times.sort((x, y) => x - y);
    console.log(`  ${direction.padEnd(10)} depth 5: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, ` +
      `mean ${(visited / WALKS).toFixed(1)} nodes a walk   (target p95 ≤ 50 ms: ${(50 / percentile(times, 95)).toFixed(1)}× headroom)`);
  }
  await closeDb();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

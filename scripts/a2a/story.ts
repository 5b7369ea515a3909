// One purchase cycle of the A2A supply chain, told as a story: B's scheduler pokes B, and the result of
// everything that happened behind the sidecars (prices, recommendation, order, reconciliation, ledger) comes back.
import { writeFileSync } from "node:fs";
import type { TNarrator } from "../sim/narrator.ts";
import type { TRng } from "../sim/prng.ts";
import { readFeed, ROLES } from "../sim/supply-chain-roles.ts";

/** What B's cycle answers (see purchase-recommender.ts). */
export type TCycle = {
  stage: "prices" | "order" | "done";
  error?: string;
  firebreak?: { reason?: string; boundary?: unknown; retryAfterS?: number };
  prices?: Array<{ supplier: string; price: number }>;
  recommendation?: { supplier: string; sku: string; price: number; qty: number };
  order?: { po?: string; reconciliation?: { po?: string; open?: number; audit?: { entry?: number; by?: string } | { error: string } } } | string;
};

/** Writes the supplier feed A serves: fair prices with a little noise, or the poisoned supplier 60 % low. */
export function writeFeed(file: string, rng: TRng, poisoned: boolean): void {
  writeFileSync(file, JSON.stringify(readFeed(rng, poisoned).map((q) => ({ ...q, sku: "steel-coil" }))));
}

/** Runs one cycle: POST /cycle on B's own port (its scheduler's hook, not A2A). */
export async function runCycle(recommenderPort: number, qty: number): Promise<TCycle> {
  try {
    const res = await fetch(`http://127.0.0.1:${recommenderPort}/cycle?qty=${qty}`, { method: "POST", signal: AbortSignal.timeout(120_000) });
    return (await res.json()) as TCycle;
  } catch (err) {
    return { stage: "prices", error: `B's cycle did not finish: ${(err as Error).message}` };
  }
}

/** The reason a cycle was refused by Firebreak, if it was. */
export const refusal = (c: TCycle) => c.firebreak?.reason;

/** Tells what a cycle did, one line per hop. */
export function tell(n: TNarrator, no: number, c: TCycle): void {
  if (c.prices) n.say(ROLES.recommender, `#${no} ← A  ${c.prices.map((q) => `${q.supplier} ${q.price}`).join(", ")}`);
  if (c.stage === "prices") {
    const why = c.firebreak ? `Firebreak refused (${c.firebreak.reason}): ` : "";
    return n.say(ROLES.recommender, `#${no} ✗ no prices: ${why}${c.error}`);
  }
  const r = c.recommendation!;
  n.say(ROLES.recommender, `#${no} → C  buy ${r.qty} ${r.sku} from ${r.supplier} at ${r.price}`);
  if (c.stage === "order") return n.say(ROLES.executor, `#${no} ✗ the order did not go through: ${c.error}`);
  const o = typeof c.order === "string" ? { po: c.order } : (c.order ?? {});
  const rec = o.reconciliation;
  n.say(ROLES.executor, `#${no} ✓ placed ${o.po ?? "?"}; → D`);
  const audit = rec?.audit;
  const entry = audit && "entry" in audit ? `ledger entry ${audit.entry} by ${audit.by}` : `audit failed: ${JSON.stringify(audit)}`;
  n.say(ROLES.reconciler, `#${no} ✓ expects delivery for ${rec?.po ?? "?"} (${rec?.open ?? "?"} open); → auditor: ${entry}`);
}

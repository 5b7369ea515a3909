import "server-only";
import { getDb } from "../db/client.ts";
import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import { checkJwsHeader, type HeaderCheck } from "../keys/jws-header.ts";
import { lookupAgentKeys, refuseKey } from "../keys/agent-keys.ts";
import { signatureVerified, type CheckItem } from "./check-batch.ts";
import type { CheckOutcome } from "./check-event.ts";
import { refuseUnknownCounterparts } from "./check-counterparts.ts";
import { countIngest } from "../metrics/app-metrics.ts";
import { checkPool } from "./check-pool.ts";
import { findStoredHashes, keyOf } from "./find-stored-events.ts";
import { summarize, type EventResult, type IngestResponse } from "./results.ts";
import { storeEvents, type SignedEvent } from "./store-events.ts";

export type IngestOptions = {
  batch: string[];
  clockSkewS: number;
  now?: Date;
  /** Called with the verified events per agent before anything is stored; throws to refuse the request. */
  admitAgents?: (counts: Map<string, number>) => void;
};

const TYP = "fb-event+jws";

/**
 * Verifies, checks and stores a batch of signed events; bad events are rejected one by one, never their
 * neighbours. Headers and keys are read here; signatures and payloads are checked on the check pool.
 */
export async function ingestEvents(opts: IngestOptions): Promise<IngestResponse> {
  const now = opts.now ?? new Date();
  const started = performance.now();
  const headers = checkHeaders(opts.batch);
  const [keys, { policy }] = await Promise.all([
    lookupAgentKeys(headers.flatMap((h) => (h.ok ? [h.kid] : []))),
    getCurrentPolicy(),
  ]);
  const results: EventResult[] = new Array(opts.batch.length);
  const items: CheckItem[] = [];
  const itemIndex: number[] = [];
  opts.batch.forEach((jws, index) => {
    const h = headers[index];
    if (!h.ok) return void (results[index] = { index, id: null, status: "rejected", error: { code: h.code, detail: h.detail } });
    const key = keys.get(h.kid);
    const refused = refuseKey(h.kid, key);
    if (refused) return void (results[index] = { index, id: null, status: "rejected", error: refused });
    items.push({ jws, kid: h.kid, agentId: key!.agentId, x: key!.x });
    itemIndex.push(index);
  });
  const ctx = { now: now.getTime(), clockSkewS: opts.clockSkewS, maxChainDepth: policy.fan_out.max_chain_depth };
  const outcomes = await refuseUnknownCounterparts(getDb(), await checkPool().run(items, ctx));
  if (opts.admitAgents) opts.admitAgents(await chargeable(outcomes, items));
  const good: { index: number; event: SignedEvent }[] = [];
  outcomes.forEach((o, k) => {
    const index = itemIndex[k];
    if (o.ok) good.push({ index, event: { ...o.event, jws: items[k].jws } });
    else results[index] = { index, id: o.id, status: "rejected", error: o.error };
  });
  if (good.length) {
    const stored = await storeEvents(good.map((g) => g.event), policy, now);
    good.forEach(({ index, event }, k) => {
      results[index] = stored[k] === "id_conflict"
        ? { index, id: event.id, status: "rejected", error: { code: "id_conflict", detail: `id ${event.id} was already used by ${event.source} for a different event` } }
        : { index, id: event.id, status: stored[k] };
    });
  }
  countIngest(results, (performance.now() - started) / 1000);
  return summarize(results);
}

/**
 * Events per agent that the rate limit charges: every one whose signature verified, except duplicates of
 * events already stored (resending a batch whose answer was lost costs an agent nothing).
 */
async function chargeable(outcomes: CheckOutcome[], items: CheckItem[]): Promise<Map<string, number>> {
  const stored = await findStoredHashes(getDb(), outcomes.flatMap((o) => (o.ok ? [o.event] : [])));
  const counts = new Map<string, number>();
  outcomes.forEach((o, k) => {
    if (!signatureVerified(o) || (o.ok && stored.get(keyOf(o.event)) === o.event.payloadHash)) return;
    counts.set(items[k].agentId, (counts.get(items[k].agentId) ?? 0) + 1);
  });
  return counts;
}

// An agent signs a batch with one key, so most events share their header: each distinct one is decoded once.
function checkHeaders(batch: string[]): HeaderCheck[] {
  // checkJwsHeader keeps its answer per header segment: a batch of one agent decodes its header once.
  return batch.map((jws) => checkJwsHeader(jws, TYP));
}

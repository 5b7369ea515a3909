import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import { checkEvent, type CheckedEvent } from "./check-event.ts";
import { summarize, type EventResult, type IngestResponse } from "./results.ts";
import { storeEvents } from "./store-events.ts";
import { verifyEvents } from "./verify-events.ts";

export type IngestOptions = {
  batch: string[];
  clockSkewS: number;
  now?: Date;
  /** Called with the verified events per agent before anything is stored; throws to refuse the request. */
  admitAgents?: (counts: Map<string, number>) => void;
};

/** Verifies, checks and stores a batch of signed events; bad events are rejected one by one, never their neighbours. */
export async function ingestEvents(opts: IngestOptions): Promise<IngestResponse> {
  const now = opts.now ?? new Date();
  const [verified, { policy }] = await Promise.all([verifyEvents(opts.batch), getCurrentPolicy()]);
  const counts = new Map<string, number>();
  for (const v of verified) if (v.ok) counts.set(v.agentId, (counts.get(v.agentId) ?? 0) + 1);
  opts.admitAgents?.(counts);
  const results: EventResult[] = new Array(opts.batch.length);
  const good: { index: number; event: CheckedEvent }[] = [];
  const ctx = { now: now.getTime(), clockSkewS: opts.clockSkewS, maxChainDepth: policy.fan_out.max_chain_depth };
  verified.forEach((v, index) => {
    if (!v.ok) return void (results[index] = { index, id: null, status: "rejected", error: v.error });
    const checked = checkEvent(v, ctx);
    if (!checked.ok) return void (results[index] = { index, id: checked.id, status: "rejected", error: checked.error });
    good.push({ index, event: checked.event });
  });
  if (good.length) {
    const outcomes = await storeEvents(good.map((g) => g.event), policy, now);
    good.forEach(({ index, event }, k) => {
      const outcome = outcomes[k];
      results[index] = outcome === "id_conflict"
        ? { index, id: event.id, status: "rejected", error: { code: "id_conflict", detail: `id ${event.id} was already used by ${event.source} for a different event` } }
        : { index, id: event.id, status: outcome };
    });
  }
  return summarize(results);
}

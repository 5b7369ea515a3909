import type { TValidation, TMessage } from "../../sdk/index.ts";
import type { TRng } from "./prng.ts";

/** The agents of the supply-chain scenario. */
export const ROLES = {
  monitor: "price-monitor",
  recommender: "purchase-recommender",
  executor: "order-executor",
  reconciler: "delivery-reconciler",
} as const;

/** Display names for the registry. */
export const ROLE_NAMES: Record<string, string> = {
  [ROLES.monitor]: "Price monitor (A)",
  [ROLES.recommender]: "Purchase recommender (B)",
  [ROLES.executor]: "Order executor (C)",
  [ROLES.reconciler]: "Delivery reconciliation (D)",
};

/** Suppliers and their fair prices; the poisoned feed quotes POISONED_SUPPLIER 60 % low. */
export const SUPPLIERS: Record<string, number> = { "acme-metals": 120, "bolt-supply": 80, "cobalt-parts": 45 };
/** The supplier whose feed gets poisoned. */
export const POISONED_SUPPLIER = "acme-metals";

/** One price quote from the supplier feed. */
export type TQuote = { supplier: string; price: number };

/** Reads the supplier feed: fair prices ±3 % noise, or the poisoned supplier 60 % low. */
export function readFeed(rng: TRng, poisoned: boolean): TQuote[] {
  return Object.entries(SUPPLIERS).map(([supplier, fair]) => {
    const noisy = fair * (1 + (rng.next() - 0.5) * 0.06);
    const price = poisoned && supplier === POISONED_SUPPLIER ? noisy * 0.4 : noisy;
    return { supplier, price: Math.round(price * 100) / 100 };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** B's validator: a quote more than 30 % off the median of the prices B accepted for that supplier is an outlier. */
export function priceValidator(history: Map<string, number[]>) {
  return (m: TMessage): TValidation => {
    const quotes = (m.body as { quotes?: TQuote[] }).quotes ?? [];
    let worst = 0;
    const outliers: string[] = [];
    for (const q of quotes) {
      const seen = history.get(q.supplier) ?? [];
      if (seen.length < 2) continue;
      const med = median(seen);
      const off = Math.abs(q.price - med) / med;
      worst = Math.max(worst, off);
      if (off > 0.3) outliers.push(`${q.supplier} at ${q.price} is ${Math.round(off * 100)} % off its median ${med}`);
    }
    const anomalyScore = Math.min(1, worst);
    return outliers.length ? { ok: false, reason: `price outlier: ${outliers.join("; ")}`, anomalyScore } : { ok: true, anomalyScore };
  };
}

/** Remembers the accepted quotes (the last 10 per supplier) as B's reference. */
export function remember(history: Map<string, number[]>, quotes: TQuote[]): void {
  for (const q of quotes) history.set(q.supplier, [...(history.get(q.supplier) ?? []), q.price].slice(-10));
}

/** C's validator: an order must name a known supplier, a positive price and a sane quantity. */
export function orderValidator(m: TMessage): TValidation {
  const o = m.body as { supplier?: string; price?: number; qty?: number };
  const ok = !!o.supplier && o.supplier in SUPPLIERS && (o.price ?? 0) > 0 && (o.qty ?? 0) > 0 && (o.qty ?? 0) <= 1000;
  return ok ? { ok: true } : { ok: false, reason: "malformed purchase recommendation", anomalyScore: 1 };
}

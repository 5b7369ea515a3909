import type { TClock } from "../clock.ts";
import { backoffDelay, retryAfterMs } from "./backoff.ts";

/** One per-event answer of POST /api/v1/events (docs/architecture.md#events). */
export type TEventResult = { index: number; id: string | null; status: "accepted" | "duplicate" | "rejected"; error?: { code: string; detail: string } };

/** How a batch ended: the per-event results, a whole-request refusal never worth retrying, or retries exhausted. */
export type TBatchOutcome =
  | { kind: "results"; results: TEventResult[] }
  | { kind: "refused"; status: number; detail: string }
  | { kind: "unavailable"; detail: string; attempts: number };

/** Retry settings of the reporter. */
export type TRetryOptions = { baseDelayMs: number; maxDelayMs: number; maxAttempts: number; random: () => number };

const RETRYABLE = (status: number) => status >= 500 || status === 429 || status === 408;
const MAX_RETRY_AFTER_MS = 120_000;

/** POSTs one batch of signed events, retrying network errors, 408, 429 and 5xx with backoff (Retry-After honoured). */
export async function postBatch(url: string, jws: string[], http: typeof fetch, clock: TClock, retry: TRetryOptions): Promise<TBatchOutcome> {
  let detail = "";
  for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
    let wait: number | undefined;
    try {
      const res = await http(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: jws }) });
      const text = await res.text();
      if (res.status === 207 || res.ok) {
        const body = JSON.parse(text) as { results?: TEventResult[] };
        if (Array.isArray(body.results) && body.results.length === jws.length) return { kind: "results", results: body.results };
        detail = `HTTP ${res.status} without one result per event`;
      } else if (!RETRYABLE(res.status)) {
        return { kind: "refused", status: res.status, detail: text.slice(0, 500) };
      } else {
        detail = `HTTP ${res.status}`;
        wait = retryAfterMs(res.headers.get("retry-after"), clock.now());
      }
    } catch (err) {
      detail = `network error: ${(err as Error).message}`;
    }
    if (attempt + 1 < retry.maxAttempts) {
      const backoff = backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs, retry.random);
      await clock.sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(backoff, wait ?? 0)));
    }
  }
  return { kind: "unavailable", detail, attempts: retry.maxAttempts };
}

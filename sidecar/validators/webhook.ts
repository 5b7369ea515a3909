import { z } from "zod";
import type { TMessage, TValidation } from "../../sdk/index.ts";

/** How long an external validator may take before its silence counts as a rejection. */
export const WEBHOOK_TIMEOUT_MS = 2_000;

const ZVerdict = z.object({ ok: z.boolean(), reason: z.string().optional(), anomalyScore: z.number().min(0).max(1).optional() });

/**
 * Asks an external HTTP validator: POSTs the message as JSON, expects `{ok, reason?, anomalyScore?}`.
 * A webhook that fails (unreachable, slow, not 2xx, no verdict) is a rejection saying why: a message is never
 * let through on a check that did not run.
 */
export function createWebhookCheck(url: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}) {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const fail = (why: string): TValidation => ({ ok: false, reason: `webhook ${url} ${why}` });

  return async (message: TMessage): Promise<TValidation> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      return fail(e.name === "TimeoutError" ? `did not answer within ${timeoutMs} ms` : `failed: ${e.message}`);
    }
    if (!res.ok) return fail(`answered HTTP ${res.status}`);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return fail("answered with a body that is not JSON");
    }
    const verdict = ZVerdict.safeParse(json);
    if (!verdict.success) return fail("answered without a verdict {ok, reason?, anomalyScore?}");
    const { ok, reason, anomalyScore } = verdict.data;
    return { ok, ...(reason !== undefined || !ok ? { reason: reason ?? `rejected by webhook ${url}` } : {}), ...(anomalyScore !== undefined ? { anomalyScore } : {}) };
  };
}

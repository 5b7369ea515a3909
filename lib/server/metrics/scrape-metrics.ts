import "server-only";
import { timingSafeEqual } from "node:crypto";
import { config } from "../config/config.ts";
import { AppError } from "../errors.ts";
import { appMetrics } from "./app-metrics.ts";

/**
 * The Prometheus text exposition (GET /metrics): off unless FIREBREAK_METRICS=1 (then 404), and behind
 * `Authorization: Bearer FIREBREAK_METRICS_TOKEN` when that is set.
 */
export async function scrapeMetrics(authorization: string | null): Promise<{ body: string; contentType: string }> {
  if (config().FIREBREAK_METRICS !== "1") throw new AppError("not_found", "metrics are off (set FIREBREAK_METRICS=1)");
  const token = config().FIREBREAK_METRICS_TOKEN;
  if (token) {
    const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, "") ?? "");
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new AppError("unauthenticated", "send Authorization: Bearer <FIREBREAK_METRICS_TOKEN>");
  }
  const { registry } = appMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

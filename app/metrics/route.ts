import { problemFrom } from "@/lib/server/http/problem.ts";
import { scrapeMetrics } from "@/lib/server/metrics/scrape-metrics.ts";

export const dynamic = "force-dynamic";

// GET /metrics — Prometheus metrics (FIREBREAK_METRICS=1; bearer FIREBREAK_METRICS_TOKEN when set).
export async function GET(request: Request): Promise<Response> {
  try {
    const { body, contentType } = await scrapeMetrics(request.headers.get("authorization"));
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (err) {
    return problemFrom(err);
  }
}

import { DATABASE_RETRY_AFTER_S } from "@/lib/server/db/unavailable.ts";
import { checkHealth } from "@/lib/server/health.ts";

export const dynamic = "force-dynamic";

// GET /api/health — 200 when the database answers, 503 (with Retry-After) when it does not.
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: health.ok ? {} : { "retry-after": String(DATABASE_RETRY_AFTER_S) } });
}

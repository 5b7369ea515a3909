import { ZEventQuery } from "@/lib/domain/event-query.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { findEvents } from "@/lib/server/events/find-events.ts";
import { problemFrom } from "@/lib/server/http/problem.ts";
import { ingestEvents } from "@/lib/server/ingest/ingest-events.ts";
import { ingestLimiters } from "@/lib/server/ingest/ingest-limiters.ts";
import { ingestLimits } from "@/lib/server/ingest/limits.ts";
import { readBatch } from "@/lib/server/ingest/read-batch.ts";
import { clientAddress } from "@/lib/server/http/peer-address.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/events — signed CloudEvents from agents; 207 with one result per event, in order.
export async function POST(request: Request) {
  try {
    const limiters = ingestLimiters();
    limiters.perAddress.take(clientAddress(request.headers));
    const limits = ingestLimits();
    const batch = await readBatch(request, limits);
    const body = await ingestEvents({
      batch,
      clockSkewS: limits.clockSkewS,
      admitAgents: (counts) => counts.forEach((n, agent) => limiters.perAgent.take(agent, n)),
    });
    return Response.json(body, { status: 207, headers: { "cache-control": "no-store, no-transform" } });
  } catch (err) {
    return problemFrom(err);
  }
}

// GET /api/v1/events?agent=&type=&boundary=&outcome=&from=&to=&cursor=&limit= — stored events, newest first.
export const GET = withRole("dashboard.view", async (request) => {
  const query = ZEventQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await findEvents(query), { headers: { "cache-control": "no-store" } });
});

import { withRole } from "@/lib/server/auth/with-role.ts";
import { openEventStream } from "@/lib/server/stream/event-stream.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/stream — Server-Sent Events for live pages: boundary, review, incident and agent changes.
export const GET = withRole("dashboard.view", async (request) => {
  return new Response(openEventStream(request.signal), {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});

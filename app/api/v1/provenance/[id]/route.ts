import { withRole } from "@/lib/server/auth/with-role.ts";
import { traceProvenance } from "@/lib/server/provenance/trace-provenance.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/provenance/{id}?depth=5 — a message or record's origins (upstream) and blast radius (downstream).
export const GET = withRole<{ id: string }>("provenance.explore", async (request, { params }) => {
  const { id } = await params;
  const depth = Number(new URL(request.url).searchParams.get("depth") ?? 5);
  return Response.json(await traceProvenance({ id, depth: Number.isFinite(depth) ? depth : 5 }));
});

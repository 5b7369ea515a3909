import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { MAX_DEPTH, traceProvenance } from "@/lib/server/provenance/trace-provenance.ts";

export const dynamic = "force-dynamic";

const ZHops = z.coerce.number().int().min(0).max(MAX_DEPTH).optional();
const ZQuery = z.object({ depth: z.coerce.number().int().min(1).max(MAX_DEPTH).optional(), up: ZHops, down: ZHops });

// GET /api/v1/provenance/{id}?depth=5 (or ?up=&down=) — origins upstream, blast radius downstream, and the edges between.
export const GET = withRole<{ id: string }>("provenance.explore", async (request, { params }) => {
  const { id } = await params;
  const q = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await traceProvenance({ id, ...q }));
});

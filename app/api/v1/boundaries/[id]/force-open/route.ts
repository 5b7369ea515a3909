import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { forceOpenBoundary } from "@/lib/server/breakers/force-open-boundary.ts";

export const dynamic = "force-dynamic";

const ZBody = z.object({ reason: z.string().max(2000).default("") });

// POST /api/v1/boundaries/{id}/force-open {"reason"} — the kill switch (security, admin).
export const POST = withRole<{ id: string }>("boundary.force_open", async (request, { params, user }) => {
  const { id } = await params;
  const { reason } = ZBody.parse(await request.json());
  return Response.json(await forceOpenBoundary({ boundaryId: id, reason, user }));
});

import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { traceTaint } from "@/lib/server/provenance/trace-taint.ts";

export const dynamic = "force-dynamic";

const ZTaint = z
  .object({
    nodeId: z.string().min(1).max(200).optional(),
    agentId: z.string().min(1).max(63).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    depth: z.number().int().min(1).max(20).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.nodeId) !== Boolean(b.agentId), { message: "give either nodeId, or agentId with an optional from/to window" });

// POST /api/v1/provenance/taint — everything downstream of a node, or of an agent's output in a window.
export const POST = withRole("provenance.explore", async (request, { user }) => {
  const body = ZTaint.parse(await request.json());
  const report = await traceTaint({
    ...body,
    from: body.from ? new Date(body.from) : undefined,
    to: body.to ? new Date(body.to) : undefined,
    actor: `user:${user.email}`,
  });
  return Response.json(report);
});

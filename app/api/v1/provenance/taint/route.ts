import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { exportTaint } from "@/lib/server/provenance/export-taint.ts";
import { traceTaint } from "@/lib/server/provenance/trace-taint.ts";

export const dynamic = "force-dynamic";

const SEED = {
  nodeId: z.string().min(1).max(200).optional(),
  agentId: z.string().min(1).max(63).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
const oneSeed = (b: { nodeId?: string; agentId?: string }) => Boolean(b.nodeId) !== Boolean(b.agentId);
const SEED_RULE = { message: "give either nodeId, or agentId with an optional from/to window" };
const ZTaint = z.object({ ...SEED, depth: z.number().int().min(1).max(20).optional() }).strict().refine(oneSeed, SEED_RULE);
const ZExport = z
  .object({ ...SEED, depth: z.coerce.number().int().min(1).max(20).optional(), format: z.enum(["csv", "json"]) })
  .strict()
  .refine(oneSeed, SEED_RULE);

const dates = (b: { from?: string; to?: string }) => ({ from: b.from ? new Date(b.from) : undefined, to: b.to ? new Date(b.to) : undefined });

// POST /api/v1/provenance/taint — everything downstream of a node, or of an agent's output in a window.
export const POST = withRole("provenance.explore", async (request, { user }) => {
  const body = ZTaint.parse(await request.json());
  return Response.json(await traceTaint({ ...body, ...dates(body), actor: `user:${user.email}` }));
});

// GET /api/v1/provenance/taint?agentId=|nodeId=&from=&to=&depth=&format=csv|json — the same trace as a download.
export const GET = withRole("provenance.explore", async (request, { user }) => {
  const { format, ...q } = ZExport.parse(Object.fromEntries(new URL(request.url).searchParams));
  const report = await traceTaint({ ...q, ...dates(q), actor: `user:${user.email}` });
  return exportTaint(report, format, q.nodeId ?? q.agentId ?? "report");
});

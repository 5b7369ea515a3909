import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { startDryRun } from "@/lib/server/dry-runs/start-dry-run.ts";
import { AppError } from "@/lib/server/errors.ts";

export const dynamic = "force-dynamic";

const ZDryRunRequest = z.strictObject({
  yaml: z.string().max(1_000_000),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

// POST /api/v1/policy/dry-runs — replay [from, to) against a draft (YAML) and the policy in force: 202 {id} (security, admin).
export const POST = withRole("policy.dry_run", async (request, { user }) => {
  const body = ZDryRunRequest.parse(await request.json().catch(() => { throw new AppError("bad_request", "the body is not valid JSON"); }));
  const { id } = await startDryRun({ yaml: body.yaml, from: new Date(body.from), to: new Date(body.to), user });
  return Response.json({ id }, { status: 202, headers: { location: `/api/v1/policy/dry-runs/${id}` } });
});

import { withRole } from "@/lib/server/auth/with-role.ts";
import { getDryRun } from "@/lib/server/dry-runs/get-dry-run.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/policy/dry-runs/{id} — status, progress 0..1 and, once done, the comparison (security, admin).
export const GET = withRole<{ id: string }>("policy.dry_run", async (_request, { params }) =>
  Response.json(await getDryRun({ id: (await params).id }), { headers: { "cache-control": "no-store" } }));

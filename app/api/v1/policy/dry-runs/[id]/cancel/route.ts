import { withRole } from "@/lib/server/auth/with-role.ts";
import { cancelDryRun } from "@/lib/server/dry-runs/get-dry-run.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/policy/dry-runs/{id}/cancel — stop a running dry run; 409 once it has ended (security, admin).
export const POST = withRole<{ id: string }>("policy.dry_run", async (_request, { params }) =>
  Response.json(await cancelDryRun({ id: (await params).id })));

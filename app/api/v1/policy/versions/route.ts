import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { AppError } from "@/lib/server/errors.ts";
import { findPolicyVersions } from "@/lib/server/policy/find-policy-versions.ts";
import { importPolicyYaml } from "@/lib/server/policy/policy-yaml-io.ts";
import { updatePolicy } from "@/lib/server/policy/update-policy.ts";

export const dynamic = "force-dynamic";

// A policy as YAML text or as a JSON document: exactly one of the two; `dryRunId` names the finished dry run of it.
const ZNewVersion = z
  .strictObject({ yaml: z.string().max(1_000_000).optional(), document: z.unknown().optional(), dryRunId: z.string().min(1).max(100).optional() })
  .refine((b) => (b.yaml === undefined) !== (b.document === undefined), { message: "send exactly one of `yaml` or `document`" });

// GET /api/v1/policy/versions — every stored policy version, newest first (anyone signed in).
export const GET = withRole("dashboard.view", async () => Response.json({ versions: await findPolicyVersions() }));

// POST /api/v1/policy/versions — store {yaml} or {document} as the new policy version (admins); 422 names each problem's path.
export const POST = withRole("policy.edit", async (request, { user }) => {
  const body = ZNewVersion.parse(await request.json().catch(() => { throw new AppError("bad_request", "the body is not valid JSON"); }));
  const from = body.dryRunId === undefined ? {} : { dryRunId: body.dryRunId };
  const saved = body.yaml !== undefined ? await importPolicyYaml({ yaml: body.yaml, user, ...from }) : await updatePolicy({ document: body.document, user, ...from });
  return Response.json(saved, { status: 201, headers: { location: `/api/v1/policy/versions/${saved.version}` } });
});

import { policyToYaml } from "@/lib/domain/policy-yaml.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { getPolicyVersion } from "@/lib/server/policy/get-policy-version.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/policy/versions/{version} — one stored version as JSON, or with ?format=yaml as a YAML download (anyone signed in).
export const GET = withRole<{ version: string }>("dashboard.view", async (request, { params }) => {
  const found = await getPolicyVersion({ version: Number((await params).version) });
  if (new URL(request.url).searchParams.get("format") !== "yaml") return Response.json(found);
  return new Response(policyToYaml(found.policy), {
    headers: {
      "content-type": "text/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="firebreak-policy-v${found.version}.yaml"`,
      "cache-control": "no-store",
    },
  });
});

import { problemFrom } from "@/lib/server/http/problem.ts";
import { controlPlaneJwks } from "@/lib/server/keys/control-plane-key.ts";

export const dynamic = "force-dynamic";

// GET /.well-known/jwks.json — the control plane's public keys; agents verify directives and policy with them.
export async function GET() {
  try {
    return Response.json(await controlPlaneJwks(), { headers: { "cache-control": "public, max-age=60" } });
  } catch (err) {
    return problemFrom(err);
  }
}

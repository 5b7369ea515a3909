import { withRole } from "@/lib/server/auth/with-role.ts";
import { verifyNodeSignature } from "@/lib/server/provenance/verify-node-signature.ts";

export const dynamic = "force-dynamic";

// POST /api/v1/provenance/{id}/verify — re-verifies the signed event that reported the node against its signer's key.
export const POST = withRole<{ id: string }>("provenance.explore", async (_request, { params }) => {
  const { id } = await params;
  return Response.json(await verifyNodeSignature({ id }));
});

import { z } from "zod";
import { ROLES } from "@/lib/domain/permissions.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { updateUser } from "@/lib/server/users/update-user.ts";

export const dynamic = "force-dynamic";

const ZChange = z.object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() }).strict();

// POST /api/v1/users/{id} — change a person's role or disable/enable them {role?, disabled?} (admins).
export const POST = withRole<{ id: string }>("user.manage", async (request, { params, user }) => {
  const { id } = await params;
  const change = ZChange.parse(await request.json());
  await updateUser({ id, change, actor: `user:${user.email}` });
  return Response.json({ ok: true });
});

import { withRole } from "@/lib/server/auth/with-role.ts";
import { createUser } from "@/lib/server/users/create-user.ts";
import { findUsers } from "@/lib/server/users/find-users.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/users — everyone who can sign in (admins).
export const GET = withRole("user.manage", async () => Response.json({ users: await findUsers() }));

// POST /api/v1/users — create a person {email, name?, password, role} (admins).
export const POST = withRole("user.manage", async (request, { user }) => {
  const body = await request.json();
  const created = await createUser({ ...body, actor: `user:${user.email}` });
  return Response.json({ user: created }, { status: 201 });
});

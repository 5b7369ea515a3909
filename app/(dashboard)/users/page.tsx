import { Forbidden } from "@/components/layout/forbidden";
import { Timestamp } from "@/components/layout/time-ago";
import { CreateUserForm } from "@/components/users/create-user-form";
import { UserControls } from "@/components/users/user-controls";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { findUsers } from "@/lib/server/users/find-users.ts";

export const dynamic = "force-dynamic";

/** People who can sign in (admins only): create them, change their role, disable or enable them. */
export default async function UsersPage() {
  const { user, allowed } = await requirePageUser("user.manage");
  if (!allowed) return <Forbidden role={user.role} what="manage users" />;
  const users = await findUsers();
  return (
    <>
      <section>
        <h1>Users</h1>
        <table className="table">
          <thead>
            <tr><th>Email</th><th>Name</th><th>Role</th><th>Status</th><th>Created</th><th>Change</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>{u.role}</td>
                <td><span className={`pill pill-${u.disabled ? "suspended" : "active"}`}>{u.disabled ? "disabled" : "active"}</span></td>
                <td><Timestamp value={u.createdAt} /></td>
                <td><UserControls user={u} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>Create a user</h2>
        <CreateUserForm />
      </section>
    </>
  );
}

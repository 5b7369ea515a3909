import { getServerSession } from "next-auth";
import { isRole, type TRole } from "../../domain/permissions.ts";
import { authOptions } from "./auth-options.ts";

export type CurrentUser = { id: string; email: string; name: string; role: TRole };

/** The signed-in person for this request (re-read from the database by the jwt callback), or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(authOptions())) as { user?: { id?: string; email?: string; name?: string; role?: string } } | null;
  const u = session?.user;
  if (!u?.id || !isRole(u.role)) return null;
  return { id: u.id, email: u.email ?? "", name: u.name ?? u.email ?? "", role: u.role };
}

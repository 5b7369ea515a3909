import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { isRole, type TRole } from "../../domain/permissions.ts";
import { DATABASE_RETRY_AFTER_S } from "../db/unavailable.ts";
import { AppError } from "../errors.ts";
import { checkHealth } from "../health.ts";
import { authOptions } from "./auth-options.ts";

export type CurrentUser = { id: string; email: string; name: string; role: TRole };

/** The signed-in person for this request (re-read from the database by the jwt callback), or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(authOptions())) as { user?: { id?: string; email?: string; name?: string; role?: string } } | null;
  const u = session?.user;
  if (!u?.id || !isRole(u.role)) {
    // next-auth answers "no session" when its callback could not re-read the person: with a session cookie
    // present, tell a database that cannot be reached (503, retry) from a session that is really gone (401).
    if (await hasSessionCookie() && !(await checkHealth()).ok) {
      throw new AppError("unavailable", "the database cannot be reached right now; retry after the time given", { retryAfterS: DATABASE_RETRY_AFTER_S });
    }
    return null;
  }
  return { id: u.id, email: u.email ?? "", name: u.name ?? u.email ?? "", role: u.role };
}

async function hasSessionCookie(): Promise<boolean> {
  return (await cookies()).getAll().some((c) => c.name.endsWith("next-auth.session-token"));
}

import "server-only";
import { redirect } from "next/navigation";
import { can, type TAction } from "../../domain/permissions.ts";
import { getCurrentUser, type CurrentUser } from "./current-user.ts";

/** For pages: the signed-in user, or a redirect to sign-in. `allowed` says whether the role may do `action`. */
export async function requirePageUser(action: TAction = "dashboard.view"): Promise<{ user: CurrentUser; allowed: boolean }> {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  return { user, allowed: can(user.role, action) };
}

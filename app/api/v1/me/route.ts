import { getCurrentUser } from "@/lib/server/auth/current-user.ts";
import { problem, problemFrom } from "@/lib/server/http/problem.ts";
import { withSecurityHeaders } from "@/lib/server/http/security-headers.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/me — who is signed in, with their current role.
export async function GET() {
  try {
    const user = await getCurrentUser();
    return withSecurityHeaders(user ? Response.json({ user }) : problem("unauthenticated", "sign in first"), { noStore: true });
  } catch (err) {
    return problemFrom(err);
  }
}

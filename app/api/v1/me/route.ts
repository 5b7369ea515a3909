import { getCurrentUser } from "@/lib/server/auth/current-user.ts";
import { problem, problemFrom } from "@/lib/server/http/problem.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/me — who is signed in, with their current role.
export async function GET() {
  try {
    const user = await getCurrentUser();
    if (!user) return problem("unauthenticated", "sign in first");
    return Response.json({ user });
  } catch (err) {
    return problemFrom(err);
  }
}

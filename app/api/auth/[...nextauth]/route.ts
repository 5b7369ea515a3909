import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth/auth-options.ts";

export const dynamic = "force-dynamic";

// /api/auth/* — next-auth: sign-in (credentials, optional OIDC), sign-out, session, CSRF token.
async function handler(request: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request as never, ctx as never, authOptions());
}

export { handler as GET, handler as POST };

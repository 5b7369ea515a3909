import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { safeCallbackPath } from "../../domain/safe-callback.ts";
import { config } from "../config/config.ts";
import { getDb } from "../db/client.ts";
import { clientAddress } from "../http/peer-address.ts";
import { authorizeCredentials } from "./authorize-credentials.ts";
import { oidcProvider } from "./oidc.ts";
import { isSessionRevoked, revokeSession } from "./revoke-session.ts";
import { upsertOidcUser } from "./upsert-oidc-user.ts";

type AppUser = User & { role?: string | null; sessionVersion?: number };

const SESSION_MAX_AGE_S = 8 * 60 * 60;

/** next-auth configuration: credentials over the User table, optional OIDC, JWT sessions carrying the role. */
export function authOptions(): NextAuthOptions {
  const oidc = oidcProvider();
  return {
    secret: config().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          return authorizeCredentials({
            email: String(credentials?.email ?? ""),
            password: String(credentials?.password ?? ""),
            address: clientAddress(req?.headers),
          });
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        return (await upsertOidcUser(user as AppUser)) !== null;
      },
      async jwt({ token, user, account }) {
        if (user) {
          const u = account?.provider === "oidc" ? await getDb().user.findUnique({ where: { email: String(user.email).toLowerCase() } }) : (user as AppUser);
          // sid names this session, so signing out can end it alone (see revoke-session.ts).
          if (u) Object.assign(token, { uid: u.id, sv: (u as AppUser).sessionVersion ?? 0, sid: randomUUID() });
        }
        // Re-read on every request: a role change, a disabled user or a sign-out takes effect at once.
        const [fresh, revoked] = token.uid && token.sid
          ? await Promise.all([getDb().user.findUnique({ where: { id: String(token.uid) } }), isSessionRevoked(String(token.sid))])
          : [null, true];
        if (!fresh || fresh.disabled || fresh.sessionVersion !== token.sv || revoked) {
          return { ...token, uid: null, role: null };
        }
        return { ...token, role: fresh.role, name: fresh.name, email: fresh.email };
      },
      // Only paths on this site, checked on the URL the browser will follow (see lib/domain/safe-callback.ts).
      async redirect({ url, baseUrl }) {
        const origin = new URL(baseUrl).origin;
        return origin + safeCallbackPath(url, origin);
      },
      async session({ session, token }) {
        return { ...session, user: token.uid ? { id: token.uid, name: token.name, email: token.email, role: token.role } : undefined, sv: token.sv };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sid) return;
        const exp = typeof token.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_S * 1000;
        await revokeSession({ sessionId: String(token.sid), expiresAt: new Date(exp) });
      },
    },
  };
}

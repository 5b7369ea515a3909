import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client.ts";
import { clientAddress } from "../http/peer-address.ts";
import { authorizeCredentials } from "./authorize-credentials.ts";
import { oidcProvider } from "./oidc.ts";
import { upsertOidcUser } from "./upsert-oidc-user.ts";

type AppUser = User & { role?: string | null; sessionVersion?: number };

/** next-auth configuration: credentials over the User table, optional OIDC, JWT sessions carrying the role. */
export function authOptions(): NextAuthOptions {
  const oidc = oidcProvider();
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
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
          if (u) Object.assign(token, { uid: u.id, sv: (u as AppUser).sessionVersion ?? 0 });
        }
        // Re-read on every request: a role change or a disabled user takes effect at once.
        const fresh = token.uid ? await getDb().user.findUnique({ where: { id: String(token.uid) } }) : null;
        if (!fresh || fresh.disabled || fresh.sessionVersion !== token.sv) return { ...token, uid: null, role: null };
        return { ...token, role: fresh.role, name: fresh.name, email: fresh.email };
      },
      async session({ session, token }) {
        return { ...session, user: token.uid ? { id: token.uid, name: token.name, email: token.email, role: token.role } : undefined, sv: token.sv };
      },
    },
  };
}

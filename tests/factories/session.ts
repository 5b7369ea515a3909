import { randomUUID } from "node:crypto";
import { appUrl } from "../support/base-url.ts";
import type { TRole } from "../../lib/domain/permissions.ts";
import { createUser } from "../../lib/server/users/create-user.ts";

export type TestSession = { email: string; password: string; id: string; cookie: string; role: TRole };

/** Cookies from a response's Set-Cookie headers, as one Cookie header value (merged over `prev`). */
export function mergeCookies(prev: string, res: Response): string {
  const jar = new Map(prev.split("; ").filter(Boolean).map((c) => c.split(/=(.*)/s).slice(0, 2) as [string, string]));
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, value] = pair.split(/=(.*)/s);
    jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Signs in through next-auth's real credentials flow (extra headers, e.g. X-Forwarded-For, on both requests); returns the cookies. */
export async function signIn(email: string, password: string, base = appUrl(), headers: Record<string, string> = {}): Promise<{ ok: boolean; cookie: string; setCookies: string[] }> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = await csrfRes.json();
  let cookie = mergeCookies("", csrfRes);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  cookie = mergeCookies(cookie, res);
  return { ok: /next-auth\.session-token=/.test(cookie), cookie, setCookies: [...csrfRes.headers.getSetCookie(), ...res.headers.getSetCookie()] };
}

/** Creates a user of the role and signs them in. */
export async function sessionAs(role: TRole): Promise<TestSession> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await createUser({ email, password, role, actor: "test" });
  const { ok, cookie } = await signIn(email, password);
  if (!ok) throw new Error(`could not sign in as ${email}`);
  return { email, password, id: user.id, cookie, role };
}

/** A fetch against the app as that session (same-origin JSON for POSTs). */
export function asUser(session: { cookie: string } | null, path: string, init: RequestInit = {}) {
  const base = appUrl();
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (session) headers.cookie = session.cookie;
  if (init.method && init.method !== "GET") {
    headers["content-type"] ??= "application/json";
    headers.origin ??= base;
  }
  return fetch(`${base}${path}`, { ...init, headers, redirect: "manual" });
}

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { signIn } from "../factories/session.ts";
import { TEST_SECRET } from "../support/global-setup.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// A second server configured like a production deployment behind an HTTPS proxy, with a low per-address limit.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    DATABASE_URL: inject("databaseUrl"),
    NEXTAUTH_SECRET: TEST_SECRET,
    NEXTAUTH_URL: "https://firebreak.example",
    FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS: "3",
    FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT: "100",
  });
});
afterAll(() => server?.stop());

async function person() {
  const email = `h-${randomUUID().slice(0, 8)}@example.test`;
  await createUser({ email, password: "the right password", role: "reviewer", actor: "test" });
  return email;
}

describe("behind HTTPS", () => {
  it("the session cookie is __Secure-, the CSRF cookie __Host-, and every auth cookie is Secure and HttpOnly", async () => {
    const r = await signIn(await person(), "the right password", server.url, { "x-forwarded-for": "203.0.113.1" });
    expect(r.ok).toBe(true);
    const byName = new Map(r.setCookies.map((c) => [c.split("=")[0], c]));
    expect(byName.get("__Secure-next-auth.session-token")).toMatch(/; Secure/i);
    expect(byName.get("__Host-next-auth.csrf-token")).toMatch(/; Path=\/;.*Secure/i);
    for (const c of r.setCookies) expect(c).toMatch(/HttpOnly/i);
    expect([...byName.keys()].filter((n) => !/^__(Secure|Host)-/.test(n))).toEqual([]);
  });

  it("only the __Secure- session cookie is honoured: the same token under the plain name is anonymous", async () => {
    const { cookie } = await signIn(await person(), "the right password", server.url, { "x-forwarded-for": "203.0.113.2" });
    const token = cookie.match(/__Secure-next-auth\.session-token=([^;]+)/)![1];
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `__Secure-next-auth.session-token=${token}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `next-auth.session-token=${token}` } })).status).toBe(401);
  });
});

describe("sign-in throttling per address", () => {
  it("after 3 failures from one address, even a right password from it is refused, while other addresses sign in", async () => {
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < 3; i++) expect((await signIn(await person(), `wrong password ${i}`, server.url, from("198.51.100.7"))).ok).toBe(false);
    const email = await person();
    expect((await signIn(email, "the right password", server.url, from("198.51.100.7"))).ok).toBe(false);
    expect((await signIn(email, "the right password", server.url, from("198.51.100.8"))).ok).toBe(true);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { signIn } from "../factories/session.ts";
import { TEST_SECRET } from "../support/global-setup.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// A second server configured like a production deployment behind one HTTPS proxy (whose X-Forwarded-For
// entry is trusted), with a low per-address limit and long sign-in delays (no test here depends on timing).
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    DATABASE_URL: inject("databaseUrl"),
    NEXTAUTH_SECRET: TEST_SECRET,
    NEXTAUTH_URL: "https://firebreak.example",
    FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS: "3",
    FIREBREAK_LOGIN_DELAY_BASE_S: "600",
    FIREBREAK_TRUSTED_PROXY_HOPS: "1",
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
  it("the proxy's entry counts, not one the client wrote before it: a spoofed left entry does not escape the delay", async () => {
    const via = (spoof: string) => ({ "x-forwarded-for": `${spoof}, 198.51.100.60` });
    for (let i = 0; i < 3; i++) expect((await signIn(await person(), `wrong password ${i}`, server.url, via(`203.0.113.${i + 10}`))).ok).toBe(false);
    expect((await signIn(await person(), "the right password", server.url, via("203.0.113.99"))).ok).toBe(false);
  });

  it("after 3 failures from one address, even a right password from it is refused, while other addresses sign in", async () => {
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < 3; i++) expect((await signIn(await person(), `wrong password ${i}`, server.url, from("198.51.100.7"))).ok).toBe(false);
    const email = await person();
    expect((await signIn(email, "the right password", server.url, from("198.51.100.7"))).ok).toBe(false);
    expect((await signIn(email, "the right password", server.url, from("198.51.100.8"))).ok).toBe(true);
  });
});

describe("sign-in delays per account, not a lock anyone can set", () => {
  const from = (ip: string) => ({ "x-forwarded-for": ip });

  it("six wrong passwords from six addresses do not keep the owner out", async () => {
    const email = await person();
    for (let i = 0; i < 6; i++) expect((await signIn(email, `wrong password ${i}`, server.url, from(`192.0.2.${50 + i}`))).ok).toBe(false);
    expect((await signIn(email, "the right password", server.url, from("192.0.2.60"))).ok).toBe(true);
  });

  it("guesses spread over many addresses delay new addresses, but not one the owner signed in from before", async () => {
    const email = await person();
    expect((await signIn(email, "the right password", server.url, from("192.0.2.70"))).ok).toBe(true);
    for (let i = 0; i < 12; i++) expect((await signIn(email, `wrong password ${i}`, server.url, from(`192.0.2.${100 + i}`))).ok).toBe(false);
    expect((await signIn(email, "the right password", server.url, from("192.0.2.71"))).ok).toBe(false);
    expect((await signIn(email, "the right password", server.url, from("192.0.2.70"))).ok).toBe(true);
  });
});

describe("headers over HTTPS", () => {
  it("pages and the people's JSON carry Strict-Transport-Security", async () => {
    const { cookie } = await signIn(await person(), "the right password", server.url, { "x-forwarded-for": "203.0.113.3" });
    const page = await fetch(`${server.url}/signin`);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});

import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { asUser, mergeCookies, sessionAs } from "../factories/session.ts";

const base = () => inject("baseUrl");

describe("sign-out", () => {
  it("ends the session: the old cookie is anonymous at once", async () => {
    const s = await sessionAs("reviewer");
    expect((await asUser(s, "/api/v1/me")).status).toBe(200);
    const csrfRes = await fetch(`${base()}/api/auth/csrf`, { headers: { cookie: s.cookie } });
    const { csrfToken } = await csrfRes.json();
    const cookie = mergeCookies(s.cookie, csrfRes);
    const out = await fetch(`${base()}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(out.status).toBeLessThan(400);
    expect((await asUser(s, "/api/v1/me")).status).toBe(401);
  });
});

describe("after sign-in, only same-origin paths", () => {
  for (const callbackUrl of ["/.//evil.example/x", "/%2e//evil.example/x", "//evil.example/x", "https://evil.example/x"]) {
    it(`callbackUrl ${callbackUrl} lands on this site`, async () => {
      const s = await sessionAs("reviewer");
      const csrfRes = await fetch(`${base()}/api/auth/csrf`);
      const { csrfToken } = await csrfRes.json();
      const res = await fetch(`${base()}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: mergeCookies("", csrfRes) },
        body: new URLSearchParams({ csrfToken, email: s.email, password: s.password, callbackUrl, json: "true" }),
      });
      const target = res.headers.get("location") ?? (await res.json()).url;
      const final = new URL(target, base());
      expect(final.origin).toBe(base());
      expect(final.pathname).not.toMatch(/^\/[/\\]|\/\.\.?\/|evil\.example/);
    });
  }
});

describe("passwords", () => {
  const create = async (email: string, password: string) =>
    asUser(await sessionAs("admin"), "/api/v1/users", { method: "POST", body: JSON.stringify({ email, password, role: "reviewer" }) });

  it("a common password is refused (422) however it is dressed up, and says why", async () => {
    for (const password of ["password1234", "Password1234!", "123456789012", "qwertyuiop123"]) {
      const res = await create(`pw-${randomUUID().slice(0, 8)}@example.test`, password);
      expect(res.status, password).toBe(422);
      expect(JSON.stringify(await res.json())).toMatch(/common/);
    }
  });

  it("a password containing the email is refused (422); a long unusual one is accepted", async () => {
    const name = `marguerite${randomUUID().slice(0, 6)}`;
    const res = await create(`${name}@example.test`, `${name}@example.test`);
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/email/);
    expect((await create(`${name}2@example.test`, "correct horse battery staple")).status).toBe(201);
  });
});

describe("headers and origin checks", () => {
  it("the people's JSON is Cache-Control: no-store", async () => {
    const s = await sessionAs("admin");
    for (const path of ["/api/v1/me", "/api/v1/users", "/api/v1/reviews", "/api/v1/incidents", "/api/v1/boundaries", "/api/v1/policy/versions"]) {
      const res = await asUser(s, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toMatch(/no-store/);
    }
    expect((await asUser(null, "/api/v1/me")).headers.get("cache-control")).toMatch(/no-store/);
  });

  it("no Strict-Transport-Security over plain http", async () => {
    expect((await fetch(`${base()}/signin`)).headers.get("strict-transport-security")).toBeNull();
  });

  it("a POST with Origin: null is 403, not 500", async () => {
    const s = await sessionAs("admin");
    const res = await asUser(s, "/api/v1/users", { method: "POST", headers: { origin: "null" }, body: "{}" });
    expect(res.status).toBe(403);
  });

  it("Origin is compared with the configured site, not X-Forwarded-Host", async () => {
    const s = await sessionAs("admin");
    const res = await asUser(s, "/api/v1/users", { method: "POST", headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example" }, body: "{}" });
    expect(res.status).toBe(403);
  });
});

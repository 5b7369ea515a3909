import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createUser } from "../../lib/server/users/create-user.ts";
import { updateUser } from "../../lib/server/users/update-user.ts";
import { asUser, sessionAs, signIn } from "../factories/session.ts";

describe("auth: sign-in and sessions", () => {
  it("signs in with the right password and refuses a wrong one with the same generic answer as an unknown email", async () => {
    const email = `p-${randomUUID().slice(0, 8)}@example.test`;
    await createUser({ email, password: "correct horse battery", role: "reviewer", actor: "test" });
    expect((await signIn(email, "correct horse battery")).ok).toBe(true);
    expect((await signIn(email, "wrong password here")).ok).toBe(false);
    expect((await signIn(`nobody-${randomUUID()}@example.test`, "whatever password")).ok).toBe(false);
  });

  it("throttles an account after 5 failures, even for the right password", async () => {
    const email = `t-${randomUUID().slice(0, 8)}@example.test`;
    await createUser({ email, password: "the right password", role: "reviewer", actor: "test" });
    for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong-${i}-password`)).ok).toBe(false);
    expect((await signIn(email, "the right password")).ok).toBe(false);
  });

  it("sends anonymous page requests to sign-in and answers anonymous API calls 401 problem+json", async () => {
    const page = await asUser(null, "/agents");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/signin\?callbackUrl=%2Fagents/);
    const api = await asUser(null, "/api/v1/users");
    expect(api.status).toBe(401);
    expect(api.headers.get("content-type")).toMatch(/problem\+json/);
  });

  it("a disabled user is signed out at the next request; a role change applies at once", async () => {
    const s = await sessionAs("admin");
    await createUser({ email: `keep-${randomUUID().slice(0, 8)}@example.test`, role: "admin", actor: "test" }); // not the last admin
    expect((await asUser(s, "/api/v1/users")).status).toBe(200);
    await updateUser({ id: s.id, change: { role: "reviewer" }, actor: "test" });
    expect((await asUser(s, "/api/v1/users")).status).toBe(403);
    expect((await (await asUser(s, "/api/v1/me")).json()).user.role).toBe("reviewer");
    await updateUser({ id: s.id, change: { disabled: true }, actor: "test" });
    expect((await asUser(s, "/api/v1/me")).status).toBe(401);
    expect((await asUser(s, "/agents")).status).toBe(307);
  });

  it("serves pages with a nonce-based Content-Security-Policy and frame protection", async () => {
    const s = await sessionAs("reviewer");
    const res = await asUser(s, "/agents");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("auth: roles and CSRF on people's API", () => {
  it("lets only admins list and create users", async () => {
    for (const role of ["reviewer", "security"] as const) {
      const s = await sessionAs(role);
      expect((await asUser(s, "/api/v1/users")).status).toBe(403);
      const post = await asUser(s, "/api/v1/users", { method: "POST", body: JSON.stringify({ email: `x-${randomUUID()}@e.test`, password: "long enough password", role: "admin" }) });
      expect(post.status).toBe(403);
    }
    const admin = await sessionAs("admin");
    const created = await asUser(admin, "/api/v1/users", { method: "POST", body: JSON.stringify({ email: `n-${randomUUID().slice(0, 6)}@e.test`, password: "long enough password", role: "security" }) });
    expect(created.status).toBe(201);
  });

  it("refuses a cross-site text/plain form post and a foreign Origin, even with a valid admin session", async () => {
    const admin = await sessionAs("admin");
    const body = JSON.stringify({ email: `c-${randomUUID().slice(0, 6)}@e.test`, password: "long enough password", role: "admin" });
    const form = await asUser(admin, "/api/v1/users", { method: "POST", body, headers: { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(form.status).toBe(415);
    const foreign = await asUser(admin, "/api/v1/users", { method: "POST", body, headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const users = await (await asUser(admin, "/api/v1/users")).json();
    expect(users.users.some((u: { email: string }) => u.email === JSON.parse(body).email)).toBe(false);
  });

  it("answers 422 with the field for a bad new user, and 409 for an email taken", async () => {
    const admin = await sessionAs("admin");
    const bad = await asUser(admin, "/api/v1/users", { method: "POST", body: JSON.stringify({ email: "not-an-email", password: "short", role: "god" }) });
    expect(bad.status).toBe(422);
    const problems = (await bad.json()).problems.map((p: { path: string }) => p.path);
    expect(problems).toEqual(expect.arrayContaining(["email", "password", "role"]));
    const email = `d-${randomUUID().slice(0, 6)}@e.test`;
    await asUser(admin, "/api/v1/users", { method: "POST", body: JSON.stringify({ email, password: "long enough password", role: "reviewer" }) });
    const dup = await asUser(admin, "/api/v1/users", { method: "POST", body: JSON.stringify({ email, password: "long enough password", role: "reviewer" }) });
    expect(dup.status).toBe(409);
  });
});

describe("people's API: malformed input", () => {
  it("answers 400 problem+json, not 500, to a JSON POST whose body is not JSON", async () => {
    const admin = await sessionAs("admin");
    const res = await asUser(admin, "/api/v1/users", { method: "POST", body: "{not json" });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("bad_request");
  });
});

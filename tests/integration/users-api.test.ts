import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { updateUser } from "../../lib/server/users/update-user.ts";
import { createTestAgent } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

const change = (admin: TestSession, id: string, body: unknown) => asUser(admin, `/api/v1/users/${id}`, { method: "POST", body: JSON.stringify(body) });
const suspend = (s: TestSession, agentId: string) => asUser(s, `/api/v1/agents/${agentId}/status`, { method: "POST", body: JSON.stringify({ status: "suspended" }) });

describe("users API: changes apply at the next request", () => {
  it("an admin demotes a security user, whose very next suspend is refused; promoted back, it works again", async () => {
    const admin = await sessionAs("admin");
    const sec = await sessionAs("security");
    const agent = await createTestAgent("demoted");
    expect((await change(admin, sec.id, { role: "reviewer" })).status).toBe(200);
    expect((await suspend(sec, agent.id)).status).toBe(403);
    expect((await change(admin, sec.id, { role: "security" })).status).toBe(200);
    expect((await suspend(sec, agent.id)).status).toBe(200);
    const actions = await getDb().auditEntry.findMany({ where: { subject: `user:${sec.id}` }, orderBy: { seq: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["user.created", "user.role_changed", "user.role_changed"]);
  });

  it("a user disabled by an admin is signed out at once and stays out when enabled again (old sessions end)", async () => {
    const admin = await sessionAs("admin");
    const rev = await sessionAs("reviewer");
    expect((await asUser(rev, "/api/v1/me")).status).toBe(200);
    expect((await change(admin, rev.id, { disabled: true })).status).toBe(200);
    expect((await asUser(rev, "/api/v1/me")).status).toBe(401);
    expect((await change(admin, rev.id, { disabled: false })).status).toBe(200);
    expect((await asUser(rev, "/api/v1/me")).status).toBe(401);
  });

  it("the last active admin cannot be demoted or disabled (409), so nobody is locked out of user management", async () => {
    const admin = await sessionAs("admin");
    const others = await getDb().user.findMany({ where: { role: "admin", disabled: false, id: { not: admin.id } } });
    for (const o of others) await updateUser({ id: o.id, change: { role: "reviewer" }, actor: "test" });
    expect((await change(admin, admin.id, { role: "reviewer" })).status).toBe(409);
    expect((await change(admin, admin.id, { disabled: true })).status).toBe(409);
    expect((await asUser(admin, "/api/v1/users")).status).toBe(200);
  });

  it("an unknown user is a 404 and an unknown role or extra field a 422", async () => {
    const admin = await sessionAs("admin");
    expect((await change(admin, "usr_nobody", { role: "reviewer" })).status).toBe(404);
    expect((await change(admin, admin.id, { role: "root" })).status).toBe(422);
    expect((await change(admin, admin.id, { passwordHash: "x" })).status).toBe(422);
  });
});

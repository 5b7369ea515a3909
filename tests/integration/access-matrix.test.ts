import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type TRole } from "../../lib/domain/permissions.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { generateEd25519Jwk } from "../../lib/server/keys/jwk.ts";
import { policyToYaml } from "../../lib/domain/policy-yaml.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { createTestAgent } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

// One row per protected endpoint: who may call it, and how to tell whether the call changed anything.
type Prepared = { path: string; body?: unknown; changed?: () => Promise<boolean> };
type Row = { endpoint: string; allowed: readonly TRole[]; status: number; prepare: () => Promise<Prepared> };

const ALL = ROLES;
const db = () => getDb();
const email = () => `m-${randomUUID().slice(0, 8)}@example.test`;

const ROWS: Row[] = [
  { endpoint: "GET /api/v1/me", allowed: ALL, status: 200, prepare: async () => ({ path: "/api/v1/me" }) },
  { endpoint: "GET /api/v1/agents", allowed: ALL, status: 200, prepare: async () => ({ path: "/api/v1/agents" }) },
  { endpoint: "GET /api/v1/audit", allowed: ALL, status: 200, prepare: async () => ({ path: "/api/v1/audit?limit=5" }) },
  {
    endpoint: "POST /api/v1/incidents/{id}/status", allowed: ["security", "admin"], status: 200,
    prepare: async () => {
      const id = `inc_m${randomUUID().slice(0, 8)}`;
      await db().incident.create({ data: { id, type: "seq_jump", boundaryId: null, detail: "matrix" } });
      return { path: `/api/v1/incidents/${id}/status`, body: { status: "acknowledged" }, changed: async () => (await db().incident.findUnique({ where: { id } }))?.status === "acknowledged" };
    },
  },
  { endpoint: "GET /api/v1/users", allowed: ["admin"], status: 200, prepare: async () => ({ path: "/api/v1/users" }) },
  {
    endpoint: "POST /api/v1/users", allowed: ["admin"], status: 201,
    prepare: async () => {
      const e = email();
      return { path: "/api/v1/users", body: { email: e, password: "a long enough password", role: "admin" }, changed: async () => (await db().user.count({ where: { email: e } })) === 1 };
    },
  },
  {
    endpoint: "POST /api/v1/users/{id}", allowed: ["admin"], status: 200,
    prepare: async () => {
      const u = await createUser({ email: email(), role: "reviewer", actor: "test" });
      return { path: `/api/v1/users/${u.id}`, body: { role: "admin" }, changed: async () => (await db().user.findUnique({ where: { id: u.id } }))?.role === "admin" };
    },
  },
  {
    endpoint: "POST /api/v1/agents", allowed: ["admin"], status: 201,
    prepare: async () => {
      const id = `mx-${randomUUID().slice(0, 8)}`;
      return { path: "/api/v1/agents", body: { id, name: "Matrix" }, changed: async () => (await db().agent.count({ where: { id } })) === 1 };
    },
  },
  {
    endpoint: "POST /api/v1/agents/{id}/keys", allowed: ["admin"], status: 201,
    prepare: async () => {
      const agent = await createTestAgent("mxkey");
      const { publicJwk } = await generateEd25519Jwk();
      return { path: `/api/v1/agents/${agent.id}/keys`, body: { publicJwk }, changed: async () => (await db().agentKey.count({ where: { kid: publicJwk.kid } })) === 1 };
    },
  },
  {
    endpoint: "POST /api/v1/agents/keys/{kid}/revoke", allowed: ["security", "admin"], status: 200,
    prepare: async () => {
      const agent = await createTestAgent("mxrevoke");
      return { path: `/api/v1/agents/keys/${agent.kid}/revoke`, body: {}, changed: async () => (await db().agentKey.findUnique({ where: { kid: agent.kid } }))?.revokedAt != null };
    },
  },
  {
    endpoint: "POST /api/v1/agents/{id}/status", allowed: ["security", "admin"], status: 200,
    prepare: async () => {
      const agent = await createTestAgent("mxstatus");
      return { path: `/api/v1/agents/${agent.id}/status`, body: { status: "suspended" }, changed: async () => (await db().agent.findUnique({ where: { id: agent.id } }))?.status === "suspended" };
    },
  },
  { endpoint: "GET /api/v1/policy/versions", allowed: ALL, status: 200, prepare: async () => ({ path: "/api/v1/policy/versions" }) },
  {
    endpoint: "POST /api/v1/policy/dry-runs", allowed: ["security", "admin"], status: 202,
    prepare: async () => {
      const count = await db().dryRun.count();
      const body = { yaml: policyToYaml((await getCurrentPolicy({ fresh: true })).policy), from: "2017-01-01T00:00:00Z", to: "2017-01-01T01:00:00Z" };
      return { path: "/api/v1/policy/dry-runs", body, changed: async () => (await db().dryRun.count()) > count };
    },
  },
  {
    endpoint: "POST /api/v1/policy/versions", allowed: ["admin"], status: 201,
    prepare: async () => {
      const count = await db().policyVersion.count();
      // The policy in force again: a new version that changes nothing for later tests.
      return { path: "/api/v1/policy/versions", body: { document: (await getCurrentPolicy({ fresh: true })).policy }, changed: async () => (await db().policyVersion.count()) > count };
    },
  },
  { endpoint: "GET /api/v1/webhooks", allowed: ["admin"], status: 200, prepare: async () => ({ path: "/api/v1/webhooks" }) },
  {
    // A public address literal: accepted without a DNS lookup (nothing is delivered: it asks for no kind that happens here).
    endpoint: "POST /api/v1/webhooks", allowed: ["admin"], status: 201,
    prepare: async () => {
      const url = `http://93.184.216.34/${randomUUID()}`;
      return { path: "/api/v1/webhooks", body: { url, kinds: ["key.revoked"] }, changed: async () => (await db().webhook.count({ where: { url } })) === 1 };
    },
  },
  {
    endpoint: "POST /api/v1/webhooks/{id}", allowed: ["admin"], status: 200,
    prepare: async () => {
      const hook = await db().webhook.create({ data: { id: `whk_${randomUUID().slice(0, 8)}`, url: "http://93.184.216.34/x", kinds: "[]", format: "standard", secret: "whsec_x", createdBy: "test" } });
      return { path: `/api/v1/webhooks/${hook.id}`, body: { enabled: false }, changed: async () => (await db().webhook.findUnique({ where: { id: hook.id } }))?.enabled === false };
    },
  },
  {
    endpoint: "POST /api/v1/audit/anchor", allowed: ["admin"], status: 201,
    prepare: async () => ({ path: "/api/v1/audit/anchor", body: {} }),
  },
  {
    endpoint: "POST /api/v1/me/notifications", allowed: ["reviewer", "admin"], status: 200,
    prepare: async () => ({ path: "/api/v1/me/notifications", body: { reviewsWaiting: false } }),
  },
];

const call = (session: TestSession | null, endpoint: string, p: Prepared) =>
  asUser(session, p.path, endpoint.startsWith("POST") ? { method: "POST", body: JSON.stringify(p.body) } : {});

const sessions = {} as Record<TRole, TestSession>;
beforeAll(async () => {
  for (const role of ROLES) sessions[role] = await sessionAs(role);
});

describe.each(ROWS)("access: $endpoint", (row) => {
  it.each(ROLES)("as %s: allowed only for the roles in the permission table; a refusal changes nothing", async (role) => {
    const prepared = await row.prepare();
    const res = await call(sessions[role], row.endpoint, prepared);
    const isAllowed = row.allowed.includes(role);
    expect(res.status, await res.clone().text()).toBe(isAllowed ? row.status : 403);
    if (!isAllowed) expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    if (prepared.changed) expect(await prepared.changed()).toBe(isAllowed);
  });

  it("anonymous: 401 problem+json, and nothing changes", async () => {
    const prepared = await row.prepare();
    const res = await call(null, row.endpoint, prepared);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("unauthenticated");
    if (prepared.changed) expect(await prepared.changed()).toBe(false);
  });
});

describe("access: pages", () => {
  it.each(ROLES)("as %s: the Users page lists users for admins and shows 'Not available to your role' to others", async (role) => {
    const html = await (await asUser(sessions[role], "/users")).text();
    if (role === "admin") expect(html).toContain(sessions.reviewer.email);
    else {
      expect(html).toContain("Not available to your role");
      expect(html).not.toContain(sessions.reviewer.email);
    }
  });

  it.each(ROLES)("as %s: the Agents page shows only the controls the role may use", async (role) => {
    await createTestAgent("mxpage");
    const html = await (await asUser(sessions[role], "/agents")).text();
    expect(html).toContain("<h1>Agents</h1>");
    expect(html.includes("Register an agent")).toBe(role === "admin");
    expect(html.includes(">Revoke<")).toBe(role !== "reviewer");
    expect(html.includes(">Suspend<")).toBe(role !== "reviewer");
  });

  it.each(ROLES)("as %s: the Policy page shows the policy in force to everyone and the editor to admins only", async (role) => {
    const html = await (await asUser(sessions[role], "/policy")).text();
    expect(html).toContain("<h1>Policy</h1>");
    expect(html).toContain("Receivers per message");
    expect(html.includes("Edit the policy")).toBe(role === "admin");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyFromYaml } from "../../lib/domain/policy-yaml.ts";
import { DEFAULT_POLICY, type TPolicy } from "../../lib/domain/policy.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { exportPolicyYaml } from "../../lib/server/policy/policy-yaml-io.ts";
import { createTestAgent } from "../factories/agents.ts";
import { agentGet, fetchDirectives, verifyControlPlane } from "../factories/agent-requests.ts";
import { boundaryRow, createTestBoundary } from "../factories/breaker.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { restorePolicy } from "../factories/policy.ts";

const VERSIONS = "/api/v1/policy/versions";
const save = (s: TestSession | null, body: unknown, headers: Record<string, string> = {}) =>
  asUser(s, VERSIONS, { method: "POST", body: JSON.stringify(body), headers });
const versionCount = () => getDb().policyVersion.count();

let admin: TestSession;
let before: TPolicy;
beforeAll(async () => {
  admin = await sessionAs("admin");
  before = (await getCurrentPolicy({ fresh: true })).policy;
});
// Later test files expect the policy they started with.
afterAll(() => restorePolicy(admin, before));

describe("policy API: admins store new versions", () => {
  it("an admin saves edited YAML: agents get the new version signed by GET /api/v1/policy, told by a policy_updated directive", async () => {
    const agent = await createTestAgent("pol");
    const { cursor } = await fetchDirectives(agent);
    const { yaml } = await exportPolicyYaml();
    const res = await save(admin, { yaml: yaml.replace(/max_downstream_per_message: \d+/, "max_downstream_per_message: 7") });
    expect(res.status).toBe(201);
    const saved = (await res.json()) as { version: number; policy: TPolicy };
    expect(res.headers.get("location")).toBe(`${VERSIONS}/${saved.version}`);
    expect(saved.policy.fan_out.max_downstream_per_message).toBe(7);
    const signed = await verifyControlPlane<{ version: number; policy: TPolicy }>(await (await agentGet(agent, "/api/v1/policy")).text(), "fb-policy+jws");
    expect(signed).toMatchObject({ version: saved.version, policy: { fan_out: { max_downstream_per_message: 7 } } });
    expect((await fetchDirectives(agent, cursor)).directives).toMatchObject([{ type: "policy_updated", version: saved.version }]);
    const audit = await getDb().auditEntry.findFirst({ where: { subject: `policy:${saved.version}` } });
    expect(audit).toMatchObject({ action: "policy.updated", actor: `user:${admin.email}` });
  });

  it("an admin may send the document as JSON instead of YAML; both or neither is a 422", async () => {
    const res = await save(admin, { document: { ...structuredClone(DEFAULT_POLICY), breaker: { ...DEFAULT_POLICY.breaker, failure_threshold: 4 } } });
    expect(res.status).toBe(201);
    expect((await res.json()).policy.breaker.failure_threshold).toBe(4);
    expect((await save(admin, { yaml: "", document: DEFAULT_POLICY })).status).toBe(422);
    expect((await save(admin, {})).status).toBe(422);
  });

  it("a YAML syntax error is a 422 naming (yaml), and nothing is stored", async () => {
    const count = await versionCount();
    const res = await save(admin, { yaml: "breaker: { failure_threshold: 3\nfan_out: [" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const body = await res.json();
    expect(body.code).toBe("invalid");
    expect(body.problems.length).toBeGreaterThan(0);
    expect(body.problems.every((p: { path: string }) => p.path === "(yaml)")).toBe(true);
    expect(await versionCount()).toBe(count);
  });

  it("an out-of-range value and an unknown key are a 422 naming each path, and nothing is stored", async () => {
    const count = await versionCount();
    const { yaml } = await exportPolicyYaml();
    const bad = yaml.replace(/anomaly_threshold: [\d.]+/, "anomaly_threshold: 1.5").replace(/^fan_out:\n/m, "fan_out:\n  max_fan_in: 9\n");
    const res = await save(admin, { yaml: bad });
    expect(res.status).toBe(422);
    const paths = ((await res.json()).problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["breaker.anomaly_threshold", "fan_out.max_fan_in"]));
    expect(await versionCount()).toBe(count);
  });
});

describe("policy API: values that would break ingest are refused", () => {
  it("durations of 2^53-1 s and absurd counts are a 422 naming each path; nothing is stored and trips still work", async () => {
    const count = await versionCount();
    const huge = Number.MAX_SAFE_INTEGER;
    const document = structuredClone(DEFAULT_POLICY) as TPolicy;
    Object.assign(document.breaker, { reset_timeout_s: huge, failure_threshold: 1e9, half_open_max_probes: 1e9 });
    Object.assign(document.fan_out, {
      cooldown_after_trip_s: huge, cycle_s: huge, max_downstream_per_message: 1e9, max_chain_depth: 1e9,
      max_messages_per_agent_per_cycle: 1e12, max_concurrent_fan_out: 1e9,
    });
    document.inter_agent.provenance.max_chain_depth = 1e9;
    const res = await save(admin, { document });
    expect(res.status).toBe(422);
    const paths = ((await res.json()).problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining([
      "breaker.reset_timeout_s", "breaker.failure_threshold", "breaker.half_open_max_probes",
      "fan_out.cooldown_after_trip_s", "fan_out.cycle_s", "fan_out.max_downstream_per_message", "fan_out.max_chain_depth",
      "fan_out.max_messages_per_agent_per_cycle", "fan_out.max_concurrent_fan_out", "inter_agent.provenance.max_chain_depth",
    ]));
    expect(await versionCount()).toBe(count);
  });

  it("the longest cooldown the policy allows still gives trips a valid cooldown end", async () => {
    const document = structuredClone(DEFAULT_POLICY) as TPolicy;
    Object.assign(document.breaker, { reset_timeout_s: 7 * 86_400 });
    Object.assign(document.fan_out, { cooldown_after_trip_s: 7 * 86_400 });
    expect((await save(admin, { document })).status).toBe(201);
    const b = await createTestBoundary("pol");
    const at = new Date(Date.now() - 1_000);
    await b.report("CLOSED", "OPEN", { at });
    expect((await boundaryRow(b.id)).cooldownEndsAt!.getTime()).toBe(at.getTime() + 7 * 86_400_000);
  });
});

describe("policy API: who may do what", () => {
  it("reviewers and security are refused a save (403), anonymous callers too (401); nothing is stored", async () => {
    const count = await versionCount();
    const body = { document: DEFAULT_POLICY };
    for (const role of ["reviewer", "security"] as const) expect((await save(await sessionAs(role), body)).status).toBe(403);
    const anon = await save(null, body);
    expect(anon.status).toBe(401);
    expect((await anon.json()).code).toBe("unauthenticated");
    expect(await versionCount()).toBe(count);
  });

  it("a cross-site or non-JSON save is refused even with an admin's cookie", async () => {
    const count = await versionCount();
    expect((await save(admin, { document: DEFAULT_POLICY }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await save(admin, { document: DEFAULT_POLICY }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await save(admin, { document: DEFAULT_POLICY }, { "content-type": "text/plain" })).status).toBe(415);
    expect(await versionCount()).toBe(count);
  });

  it("anyone signed in lists the versions and downloads one as YAML that reads back to the same document", async () => {
    const reviewer = await sessionAs("reviewer");
    const list = (await (await asUser(reviewer, VERSIONS)).json()).versions as { version: number; createdBy: string; createdAt: string }[];
    const top = await getDb().policyVersion.findFirst({ orderBy: { version: "desc" } });
    expect(list[0]).toEqual({ version: top!.version, createdBy: top!.createdBy, createdAt: top!.createdAt.toISOString() });
    expect(list.map((v) => v.version)).toEqual([...list.map((v) => v.version)].sort((a, b) => b - a));
    const one = await (await asUser(reviewer, `${VERSIONS}/${top!.version}`)).json();
    expect(one).toMatchObject({ version: top!.version, policy: JSON.parse(top!.document) });
    const file = await asUser(reviewer, `${VERSIONS}/${top!.version}?format=yaml`);
    expect(file.headers.get("content-type")).toMatch(/^text\/yaml/);
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="firebreak-policy-v${top!.version}.yaml"`);
    expect(policyFromYaml(await file.text())).toEqual(one.policy);
    expect((await asUser(reviewer, `${VERSIONS}/999999`)).status).toBe(404);
    expect((await asUser(reviewer, `${VERSIONS}/nope`)).status).toBe(404);
    expect((await asUser(null, VERSIONS)).status).toBe(401);
  });
});

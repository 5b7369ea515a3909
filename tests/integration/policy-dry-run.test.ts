import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TDryRunResult } from "../../lib/domain/dry-run.ts";
import { policyToYaml } from "../../lib/domain/policy-yaml.ts";
import { DEFAULT_POLICY, type TPolicy } from "../../lib/domain/policy.ts";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import { decideReview } from "../../lib/server/reviews/decide-review.ts";
import { seededRng } from "../../scripts/sim/prng.ts";
import { priceValidator, readFeed, remember } from "../../scripts/sim/supply-chain-roles.ts";
import { createAgent, silentLogger, type TAgent } from "../../sdk/index.ts";
import { createTestAgent } from "../factories/agents.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { seedValidations } from "../factories/validations.ts";
import { restorePolicy } from "../factories/policy.ts";

const DRY_RUNS = "/api/v1/policy/dry-runs";
type View = { id: string; status: string; progress: number; result: TDryRunResult | null };

let admin: TestSession;
let security: TestSession;
let before: TPolicy;
const person = (s: TestSession) => ({ id: s.id, email: s.email, role: s.role });
const reviewer = { id: "usr-dry-reviewer", role: "reviewer", email: "dry-reviewer@example.test" };

const CANCEL_FROM = new Date("2019-03-01T00:00:00Z");
const PUBLISH_FROM = new Date("2018-05-01T00:00:00Z");
beforeAll(async () => {
  // Seeded before any request: a pause of several seconds between requests lets the server close the kept-alive socket.
  await seedValidations({ from: CANCEL_FROM, count: 80_000, boundaries: 50, prefix: "dry-cancel" });
  await seedValidations({ from: PUBLISH_FROM, count: 2_000, boundaries: 4, prefix: "dry-pub" });
  [admin, security] = [await sessionAs("admin"), await sessionAs("security")];
  before = (await getCurrentPolicy({ fresh: true })).policy;
});
afterAll(() => restorePolicy(admin, before));

const start = (s: TestSession, body: unknown) => asUser(s, DRY_RUNS, { method: "POST", body: JSON.stringify(body) });
const edit = (p: TPolicy, f: (q: TPolicy) => void) => {
  const q = structuredClone(p);
  f(q);
  return q;
};

/** Starts a dry run and waits for it to end. */
async function dryRun(s: TestSession, draft: TPolicy, from: Date, to: Date): Promise<View> {
  const res = await start(s, { yaml: policyToYaml(draft), from: from.toISOString(), to: to.toISOString() });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const view = (await (await asUser(s, `${DRY_RUNS}/${id}`)).json()) as View;
    if (view.status !== "running") return view;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tripsAt = (v: View, sender: string, receiver: string, side: "current" | "draft") =>
  (v.result?.boundaries.find((b) => b.sender === sender && b.receiver === receiver)?.[side].trips ?? []).map(Date.parse);

describe("policy dry run: the API", () => {
  it("dry run: an invalid draft is refused with the same 422 problems as saving it; a reviewer may not start one", async () => {
    const yaml = policyToYaml(DEFAULT_POLICY).replace("failure_threshold: 3", "failure_threshold: 0\n  surprise: 1");
    const saving = await asUser(admin, "/api/v1/policy/versions", { method: "POST", body: JSON.stringify({ yaml }) });
    const refused = await start(security, { yaml, from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" });
    expect([saving.status, refused.status]).toEqual([422, 422]);
    const problems = (await refused.json()).problems;
    expect(problems).toEqual((await saving.json()).problems);
    expect(problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(["breaker.failure_threshold", "breaker.surprise"]));
    const window = await start(security, { yaml: policyToYaml(DEFAULT_POLICY), from: "2020-01-02T00:00:00Z", to: "2020-01-01T00:00:00Z" });
    expect(window.status).toBe(422);
    const asReviewer = await sessionAs("reviewer");
    expect((await start(asReviewer, { yaml: policyToYaml(DEFAULT_POLICY), from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" })).status).toBe(403);
  });

  it("dry run: a cancelled run stops as cancelled with no result; cancelling it again is a 409", async () => {
    const from = CANCEL_FROM;
    // The routes loaded first, so the cancel reaches the job while it still replays.
    expect((await asUser(security, `${DRY_RUNS}/dry_nosuchrun/cancel`, { method: "POST" })).status).toBe(404);
    expect((await asUser(security, `${DRY_RUNS}/dry_nosuchrun`)).status).toBe(404);
    const res = await start(security, { yaml: policyToYaml(DEFAULT_POLICY), from: from.toISOString(), to: "2019-03-02T00:00:00Z" });
    const { id } = (await res.json()) as { id: string };
    const cancel = await asUser(security, `${DRY_RUNS}/${id}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    expect((await cancel.json()).status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 1_000));
    const view = (await (await asUser(security, `${DRY_RUNS}/${id}`)).json()) as View;
    expect(view).toMatchObject({ status: "cancelled", result: null });
    expect(view.progress).toBeLessThan(1);
    expect((await asUser(security, `${DRY_RUNS}/${id}/cancel`, { method: "POST" })).status).toBe(409);
  });

  it("dry run: publishing its draft carries the dry run's summary into the audit entry; another draft under its id is a 409", async () => {
    const from = PUBLISH_FROM;
    const draft = edit(before, (p) => (p.breaker.anomaly_threshold = 0.05));
    const done = await dryRun(admin, draft, from, new Date("2018-05-01T01:00:00Z"));
    expect(done.result!.summary[0]).toMatch(/^draft trips dry-pub-s\d+ → dry-pub-r0 (once|twice|\d+ times) where the current policy never tripped it$/);
    const id = done.id;
    const other = await asUser(admin, "/api/v1/policy/versions", { method: "POST", body: JSON.stringify({ yaml: policyToYaml(before), dryRunId: id }) });
    expect(other.status).toBe(409);
    const published = await asUser(admin, "/api/v1/policy/versions", { method: "POST", body: JSON.stringify({ yaml: policyToYaml(draft), dryRunId: id }) });
    expect(published.status).toBe(201);
    const { version } = (await published.json()) as { version: number };
    const audit = await getDb().auditEntry.findFirstOrThrow({ where: { subject: `policy:${version}`, action: "policy.updated" } });
    expect(JSON.parse(audit.after!).dryRun).toMatchObject({ id, from: from.toISOString(), validations: 2_000, summary: done.result!.summary });
  });
});

describe("policy dry run: a recorded supply-chain scenario", () => {
  it("dry run: replayed against the policy in force it reproduces the real trips; a stricter draft trips earlier, a looser one never", async () => {
    const shortCooldown = edit(before, (p) => { p.breaker.reset_timeout_s = 1; p.fan_out.cooldown_after_trip_s = 1; });
    await updatePolicy({ document: shortCooldown, user: person(admin) });
    await new Promise((r) => setTimeout(r, 2_100)); // the server caches the policy for 2 s
    const from = new Date(Date.now() - 1_000);
    const { a, b } = await recordScenario();
    const to = new Date(Date.now() + 1_000);
    const real = await getDb().breakerTransition.findMany({ where: { boundaryId: boundaryId(a, b), toState: "OPEN" }, orderBy: { seq: "asc" } });
    expect(real).toHaveLength(2);

    const same = await dryRun(security, shortCooldown, from, to);
    expect(same.status).toBe("done");
    const replayed = tripsAt(same, a, b, "current");
    expect(replayed).toHaveLength(real.length);
    replayed.forEach((t, i) => expect(Math.abs(t - real[i].time.getTime())).toBeLessThanOrEqual(1_000));
    expect(tripsAt(same, a, b, "draft")).toEqual(replayed);

    const stricter = await dryRun(admin, edit(shortCooldown, (p) => (p.breaker.failure_threshold = 2)), from, to);
    expect(tripsAt(stricter, a, b, "draft")[0]).toBeLessThan(replayed[0]);
    const looser = await dryRun(admin, edit(shortCooldown, (p) => (p.breaker.failure_threshold = 10)), from, to);
    expect(tripsAt(looser, a, b, "draft")).toEqual([]);
    expect(looser.result!.summary[0]).toBe(`draft never trips ${a} → ${b} where the current policy tripped it twice`);
  });
});

/**
 * The supply-chain story between two SDK agents on the running app: A reports prices to B, B checks them
 * with the simulation's price validator; healthy rounds, then the poisoned feed trips B's breaker; approved,
 * the poisoned probe re-trips it; approved again, a healthy probe closes it.
 */
async function recordScenario(): Promise<{ a: string; b: string }> {
  const base = inject("baseUrl");
  const agent = async (prefix: string): Promise<TAgent> => {
    const t = await createTestAgent(prefix);
    return createAgent({ id: t.id, privateJwk: t.privateJwk, controlPlaneUrl: base, logger: silentLogger, keysMaxAgeMs: 500 });
  };
  const [a, b] = [await agent("dry-price"), await agent("dry-reco")];
  await Promise.all([a.refreshPolicy(), b.refreshPolicy()]);
  const rng = seededRng(7);
  const history = new Map<string, number[]>();
  const round = async (poisoned: boolean) => {
    const quotes = readFeed(rng, poisoned);
    const sent = await a.send([b.id], { quotes }, { parents: [] });
    const r = await b.receive(sent.envelope, [priceValidator(history)]);
    if (r.accepted) remember(history, quotes);
    // A learns B's breaker only while it is not OPEN (it would then hold its messages longer than a test waits).
    if (r.receipt && r.receipt.breaker !== "OPEN") a.acknowledge(r.receipt);
    await new Promise((res) => setTimeout(res, 150));
  };
  const approve = async () => {
    await b.flush();
    const review = await getDb().review.findFirstOrThrow({ where: { boundaryId: boundaryId(a.id, b.id), status: "pending" }, orderBy: { createdAt: "desc" } });
    const decided = await decideReview({ reviewId: review.id, user: reviewer, decision: "approve", comment: "probe again" });
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(decided.grant!.notBefore) - Date.now() + 100)));
    await b.pollDirectives();
  };
  for (let i = 0; i < 3; i++) await round(false);
  while (b.breaker(a.id).state !== "OPEN") await round(true);
  await round(true); // refused unseen: the breaker is OPEN
  await approve();
  await round(true); // the probe fails: re-trip
  await approve();
  await round(false); // the probe passes
  expect(b.breaker(a.id).state).toBe("CLOSED");
  await Promise.all([a.close(), b.close()]);
  return { a: a.id, b: b.id };
}

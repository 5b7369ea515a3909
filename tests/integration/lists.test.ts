import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "../../lib/server/audit/append-audit.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestBoundary, reviewsOf, type TestBoundary } from "../factories/breaker.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { asUser, sessionAs, signIn, type TestSession } from "../factories/session.ts";

// Lists that scale: audit, incidents and review history filtered and paged at 1,000+ rows, exported, and
// incidents moved open → acknowledged → resolved by people, each change audited.
let reviewer: TestSession, security: TestSession;
let b: TestBoundary;
const tag = `lst${randomUUID().slice(0, 8)}`;
const actor = `agent:${tag}`;
const t0 = Date.now() - 3_600_000;

const json = async (s: TestSession | null, path: string) => {
  const res = await asUser(s, path);
  return { status: res.status, body: await res.json() };
};

/** Every row of a list, following nextCursor page by page (and never meeting a row twice). */
async function all<K extends string>(path: string, key: K): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await json(reviewer, `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(status).toBe(200);
    rows.push(...body[key]);
    cursor = body.nextCursor;
  } while (cursor);
  return rows;
}

beforeAll(async () => {
  const reviewerUser = await createUser({ email: `rev-${tag}@example.test`, password: `pw-${tag}-long enough`, role: "reviewer", actor: "test" });
  b = await createTestBoundary(tag);
  await b.validate(["accepted"]); // the server knows the boundary once it has seen a message on it
  const db = getDb();
  // 1,200 audit entries by one agent, through the real appender (the hash chain stays whole): odd ones are
  // lists.beta on the boundary, even ones lists.alpha on a record; one subject looks like a formula.
  for (let batch = 0; batch < 12; batch++) {
    await db.$transaction(async (tx) => {
      for (let i = batch * 100; i < (batch + 1) * 100; i++) {
        const odd = i % 2 === 1;
        await appendAudit(tx, {
          actor, action: odd ? "lists.beta" : "lists.alpha", subject: i === 7 ? "=2+5" : odd ? `boundary:${b.id}` : `node:rec-${tag}-${i}`,
          before: { n: i, same: "x" }, after: { n: i + 1, same: "x", added: odd },
        });
      }
    }, { timeout: 60_000 }); // a hundred chained appends take a while on PostgreSQL
  }
  // 1,100 incidents, two at each instant (the id breaks the tie), every third a flapping one.
  await db.incident.createMany({
    data: Array.from({ length: 1_100 }, (_, i) => ({
      id: `inc_${tag}_${String(i).padStart(4, "0")}`, type: i % 3 === 0 ? "flapping" : "seq_jump", boundaryId: b.id,
      detail: `${tag} incident ${i}`, createdAt: new Date(t0 + Math.floor(i / 2) * 1000),
    })),
  });
  // 1,050 decided reviews of the boundary: every other one rejected, each decided by the reviewer.
  await db.review.createMany({
    data: Array.from({ length: 1_050 }, (_, i) => ({
      id: `rev_${tag}_${String(i).padStart(4, "0")}`, boundaryId: b.id, epoch: i + 1, kind: "trip", status: i % 2 ? "rejected" : "approved",
      evidence: "{}", cooldownEndsAt: new Date(t0), createdAt: new Date(t0 + i * 1000), decidedAt: new Date(t0 + i * 1000 + 500),
    })),
  });
  await db.approval.createMany({
    data: Array.from({ length: 1_050 }, (_, i) => ({
      id: `apr_${tag}_${i}`, reviewId: `rev_${tag}_${String(i).padStart(4, "0")}`, userId: reviewerUser.id, decision: i % 2 ? "reject" : "approve",
      comment: i % 10 === 0 ? `checked ${tag} round` : "ok", createdAt: new Date(t0 + i * 1000 + 500),
    })),
  });
  // Signed in last: a connection left idle through the seeding would be closed by the server under us.
  const signedIn = await signIn(reviewerUser.email, `pw-${tag}-long enough`);
  reviewer = { email: reviewerUser.email, password: "", id: reviewerUser.id, cookie: signedIn.cookie, role: "reviewer" };
  security = await sessionAs("security");
}, 180_000);

describe("audit list", () => {
  it("filters by actor and action and pages the 600 matching entries newest first, each once", async () => {
    const rows = await all(`/api/v1/audit?actor=${actor}&action=lists.beta&limit=250`, "entries");
    expect(rows).toHaveLength(600);
    const seqs = rows.map((r) => r.seq as number);
    expect(new Set(seqs).size).toBe(600);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(rows.every((r) => r.actor === actor && r.action === "lists.beta")).toBe(true);
    expect(rows[0]).toMatchObject({
      subject: `boundary:${b.id}`, subjectName: { label: `${b.sender.id} → ${b.receiver.id}`, href: `/boundaries/${b.id}` },
      actorName: { href: `/agents#agent-${tag}` }, before: { n: 1199, same: "x" }, after: { n: 1200, same: "x", added: true },
    });
    const prefix = await all(`/api/v1/audit?actor=${actor}&action=lists&limit=500`, "entries");
    expect(prefix).toHaveLength(1200);
  });

  it("names people and links records: a person's change shows their name and email, a record opens in Provenance", async () => {
    const { body } = await json(reviewer, `/api/v1/audit?actor=${actor}&action=lists.alpha&limit=1`);
    expect(body.entries[0].subjectName).toEqual({ label: `rec-${tag}-1198`, href: `/provenance?id=rec-${tag}-1198` });
    const mine = await json(reviewer, `/api/v1/audit?subject=user:${security.id}`);
    expect(mine.body.entries[0].subjectName.label).toBe(`${security.email.split("@")[0]} (${security.email})`);
  });

  it("searches, bounds by time, and refuses a reversed range or a made-up cursor", async () => {
    const { body } = await json(reviewer, `/api/v1/audit?q=rec-${tag}-11&limit=500`);
    expect(body.entries.map((e: { subject: string }) => e.subject).sort()).toEqual(
      [110, 112, 114, 116, 118, ...Array.from({ length: 50 }, (_, i) => 1100 + 2 * i)].map((n) => `node:rec-${tag}-${n}`).sort(),
    );
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await json(reviewer, `/api/v1/audit?actor=${actor}&from=${encodeURIComponent(future)}`)).body.entries).toEqual([]);
    expect((await json(reviewer, `/api/v1/audit?from=${encodeURIComponent(future)}&to=2020-01-01T00:00:00Z`)).status).toBe(422);
    expect((await json(reviewer, "/api/v1/audit?cursor=abc")).status).toBe(422);
    expect((await json(null, "/api/v1/audit")).status).toBe(401);
  });

  it("exports every matching entry as CSV (formulas defused) and as JSON, as downloads", async () => {
    const res = await asUser(reviewer, `/api/v1/audit?actor=${actor}&format=csv`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="firebreak-audit-.*\.csv"$/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,time,actor,actor name,action,subject,subject name,before,after,hash");
    expect(lines).toHaveLength(1201);
    const formula = lines.find((l) => l.includes("2+5"))!;
    expect(formula).toContain(",'=2+5,");
    expect(lines[1]).toContain(`"{""n"":1199,""same"":""x""}"`);
    const j = await asUser(reviewer, `/api/v1/audit?actor=${actor}&action=lists.alpha&format=json`);
    expect(j.headers.get("content-disposition")).toMatch(/\.json"$/);
    expect((await j.json()).audit).toHaveLength(600);
  });
});

describe("incidents list", () => {
  it("filters by type and words and pages 367 flapping incidents newest first (ties broken by id), each once", async () => {
    const rows = await all(`/api/v1/incidents?q=${tag}&type=flapping&limit=100`, "incidents");
    expect(rows).toHaveLength(367);
    const ids = rows.map((r) => r.id as string);
    const expected = Array.from({ length: 1_100 }, (_, i) => i).filter((i) => i % 3 === 0).reverse().map((i) => `inc_${tag}_${String(i).padStart(4, "0")}`);
    expect(ids).toEqual(expected);
    expect(rows[0]).toMatchObject({ status: "open", boundaryId: b.id, sender: b.sender.id, statusChangedBy: null });
    const older = await json(reviewer, `/api/v1/incidents?boundary=${b.id}&to=${encodeURIComponent(new Date(t0 + 9_500).toISOString())}&limit=500`);
    expect(older.body.incidents).toHaveLength(20);
  });

  it("moves open → acknowledged → resolved with comments, audited, role-checked, refusing stale or backward moves", async () => {
    const id = `inc_${tag}_0001`;
    const move = (s: TestSession | null, status: string, comment?: string) =>
      asUser(s, `/api/v1/incidents/${id}/status`, { method: "POST", body: JSON.stringify({ status, ...(comment === undefined ? {} : { comment }) }) });
    expect((await move(null, "acknowledged")).status).toBe(401);
    expect((await move(reviewer, "acknowledged")).status).toBe(403);
    expect((await move(security, "open")).status).toBe(422);
    const ack = await move(security, "acknowledged", "looking");
    expect(ack.status).toBe(200);
    const who = `${security.email.split("@")[0]} (${security.email})`;
    expect((await ack.json()).incident).toMatchObject({ id, status: "acknowledged", statusComment: "looking", statusChangedBy: who });
    const stale = await move(security, "acknowledged");
    expect(stale.status).toBe(409);
    expect((await stale.json()).detail).toMatch(new RegExp(`already acknowledged by ${who.replace(/[().]/g, "\\$&")} at .* UTC`));
    expect((await move(security, "resolved")).status).toBe(422);
    expect((await move(security, "resolved", "  ")).status).toBe(422);
    expect((await move(security, "resolved", "sequence gap explained: agent restarted")).status).toBe(200);
    expect((await move(security, "acknowledged", "again")).status).toBe(409);
    expect((await move(security, "nonsense")).status).toBe(422);
    expect((await asUser(security, `/api/v1/incidents/inc_nope/status`, { method: "POST", body: JSON.stringify({ status: "acknowledged" }) })).status).toBe(404);

    const audit = (await json(reviewer, `/api/v1/audit?subject=incident:${id}`)).body.entries;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(["incident.resolved", "incident.acknowledged"]);
    expect(audit[0]).toMatchObject({
      actor: `user:${security.email}`, actorName: { label: who }, before: { status: "acknowledged" },
      after: { status: "resolved", comment: "sequence gap explained: agent restarted" }, subjectName: { label: "seq jump incident" },
    });
    const resolved = await json(reviewer, `/api/v1/incidents?q=${tag}&status=resolved`);
    expect(resolved.body.incidents.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await json(reviewer, `/api/v1/incidents?q=${tag}&status=open&limit=500`)).body.incidents).toHaveLength(500);
  });

  it("exports the filtered incidents as CSV and JSON", async () => {
    const res = await asUser(reviewer, `/api/v1/incidents?q=${tag}&type=flapping&format=csv`);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="firebreak-incidents-.*\.csv"$/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,time,type,boundary,boundary id,detail,status,status changed by,status changed at,status comment");
    expect(lines).toHaveLength(368);
    expect(lines[1].startsWith(`inc_${tag}_1098,`)).toBe(true);
    const body = await (await asUser(reviewer, `/api/v1/incidents?q=${tag}&format=json`)).json();
    expect(body.incidents).toHaveLength(1_100);
  });
});

describe("review history", () => {
  it("filters by boundary and outcome and pages 525 rejected reviews newest first, each once, naming the reviewer", async () => {
    const rows = await all(`/api/v1/reviews?status=decided&boundary=${b.id}&decision=rejected&limit=200`, "reviews");
    expect(rows).toHaveLength(525);
    expect(new Set(rows.map((r) => r.id)).size).toBe(525);
    expect(rows[0]).toMatchObject({ id: `rev_${tag}_1049`, status: "rejected" });
    expect((rows[0].approvals as unknown[])[0]).toMatchObject({ email: reviewer.email, name: reviewer.email.split("@")[0], decision: "reject" });
  });

  it("filters by reviewer, words in a comment and time; an unknown reviewer is a 422", async () => {
    const byReviewer = await all(`/api/v1/reviews?status=decided&reviewer=${encodeURIComponent(reviewer.email)}&limit=500`, "reviews");
    expect(byReviewer).toHaveLength(1_050);
    const words = await json(reviewer, `/api/v1/reviews?status=decided&q=${tag}+round&limit=500`);
    expect(words.body.reviews).toHaveLength(105);
    const early = await json(reviewer, `/api/v1/reviews?status=decided&boundary=${b.id}&to=${encodeURIComponent(new Date(t0 + 4_000).toISOString())}`);
    expect(early.body.reviews.map((r: { epoch: number }) => r.epoch)).toEqual([5, 4, 3, 2, 1]);
    expect((await json(reviewer, "/api/v1/reviews?status=decided&reviewer=nobody@example.test")).status).toBe(422);
  });

  it("exports the filtered history as CSV with the decisions", async () => {
    const res = await asUser(reviewer, `/api/v1/reviews?status=decided&boundary=${b.id}&format=csv`);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,boundary,boundary id,epoch,kind,outcome,queued,decided,required approvals,decisions,comments,probe used at");
    expect(lines).toHaveLength(1_051);
    expect(lines[1]).toContain(`${reviewer.email.split("@")[0]} <${reviewer.email}>: reject`);
  });
});

describe("decisions you can see", () => {
  it("a two-approver review lists who approved; a stale decision names who decided and when", async () => {
    const gate = await createTestBoundary(`${tag}g`);
    await gate.report("CLOSED", "OPEN");
    const [review] = await reviewsOf(gate.id);
    await getDb().review.update({ where: { id: review.id }, data: { requiredApprovals: 2 } });
    const [second, late] = await Promise.all([sessionAs("reviewer"), sessionAs("admin")]);
    const decide = (s: TestSession, comment: string) =>
      asUser(s, `/api/v1/reviews/${review.id}/decision`, { method: "POST", body: JSON.stringify({ decision: "approve", comment }) });
    expect((await decide(reviewer, "first look ok")).status).toBe(200);
    const pending = (await json(second, `/api/v1/reviews?status=pending&boundary=${encodeURIComponent(gate.id)}`)).body.reviews.find((r: { id: string }) => r.id === review.id);
    expect(pending.approvals).toMatchObject([{ email: reviewer.email, name: reviewer.email.split("@")[0], decision: "approve" }]);
    const again = await decide(reviewer, "me again");
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toMatch(/^you already approved this review at .* UTC$/);
    expect((await decide(second, "agreed")).status).toBe(200);
    const stale = await decide(late, "from an old tab");
    expect(stale.status).toBe(409);
    const detail = (await stale.json()).detail as string;
    expect(detail).toContain(`already approved by ${reviewer.email.split("@")[0]} (${reviewer.email}) and ${second.email.split("@")[0]} (${second.email}) at `);
    expect(detail).not.toContain(review.id);
  });
});

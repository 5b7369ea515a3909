import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";
import { sessionAs } from "../factories/session.ts";
import { appUrl } from "../support/base-url.ts";

function auditVerify() {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: inject("databaseUrl") }, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

// Five audit:verify processes (tsx each): tens of seconds on a busy machine.
describe("audit: npm run audit:verify names the first broken link", { timeout: 120_000 }, () => {
  it("passes on an intact log, then names an edited entry and a deleted one (exit 1)", async () => {
    for (let i = 0; i < 3; i++) await createTestAgent("audit");
    expect(auditVerify()).toMatchObject({ status: 0, out: expect.stringMatching(/intact/) });
    const db = getDb();
    const [victim, next] = await db.auditEntry.findMany({ orderBy: { seq: "desc" }, take: 3, skip: 1 }).then((r) => [r[1], r[0]]);
    try {
      await db.auditEntry.update({ where: { seq: victim.seq }, data: { actor: "someone-else" } });
      const edited = auditVerify();
      expect(edited.status).toBe(1);
      expect(edited.out).toContain(`entry #${victim.seq} (edited)`);
    } finally {
      await db.auditEntry.update({ where: { seq: victim.seq }, data: { actor: victim.actor } });
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    try {
      await db.auditEntry.delete({ where: { seq: victim.seq } });
      const deleted = auditVerify();
      expect(deleted.status).toBe(1);
      expect(deleted.out).toContain(`entry #${next.seq} (deleted)`);
    } finally {
      await db.auditEntry.create({ data: victim });
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

/** The Audit page's verdict on the chain, as a signed-in person reads it. */
async function pageVerdict(cookie: string): Promise<string> {
  const html = await (await fetch(`${appUrl()}/audit`, { headers: { cookie } })).text();
  return (/data-testid="audit-verdict"[^>]*>(.*?)<\/p>/s.exec(html)?.[1] ?? html.slice(0, 200)).replace(/<!-- -->/g, "");
}

describe("audit: the Audit page checks the chain from where it got to last", () => {
  it("the page's check moves a shared mark to the head; an old entry edited in the database is still named, and the check is whole again once it is put back", async () => {
    const { cookie } = await sessionAs("reviewer");
    await createTestAgent("audit");
    const db = getDb();
    expect(await pageVerdict(cookie)).toMatch(/^Hash chain intact/);
    const head = await db.auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const mark = await db.auditMark.findUniqueOrThrow({ where: { name: "verified" } });
    expect([Number(mark.seq), mark.hash]).toEqual([Number(head.seq), head.hash]);
    await createTestAgent("audit"); // entries after the mark: checked from it
    expect(await pageVerdict(cookie)).toMatch(/^Hash chain intact/);
    const victim = await db.auditEntry.findFirstOrThrow({ orderBy: { seq: "asc" } });
    try {
      await db.auditEntry.update({ where: { seq: victim.seq }, data: { actor: "someone-else" } });
      expect(await pageVerdict(cookie)).toContain(`Chain broken at entry #${victim.seq} (edited)`);
      expect(await pageVerdict(cookie)).toContain(`Chain broken at entry #${victim.seq} (edited)`); // not forgotten on the next load
    } finally {
      await db.auditEntry.update({ where: { seq: victim.seq }, data: { actor: victim.actor } });
    }
    const all = await db.auditEntry.count();
    expect(await pageVerdict(cookie)).toMatch(new RegExp(`^Hash chain intact: ${all} entries`));
  });
});

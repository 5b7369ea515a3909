import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";

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

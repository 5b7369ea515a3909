import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorAuditHead } from "../../lib/server/audit/anchor-audit.ts";
import { auditHash } from "../../lib/server/audit/audit-hash.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";
import { setEnv } from "../support/env.ts";

const file = path.join(mkdtempSync(path.join(tmpdir(), "fb-anchor-")), "anchors.jsonl");
let restore = () => {};
beforeAll(() => void (restore = setEnv({ FIREBREAK_AUDIT_ANCHOR_FILE: file })));
afterAll(() => restore());

function auditVerify() {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/audit-verify.ts", "--anchors", file], { env: process.env, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}
const db = () => getDb();
const allEntries = () => db().auditEntry.findMany({ orderBy: { seq: "asc" } });

/** Runs a tampering, checks what audit:verify says, then puts every entry back as it was. */
async function whileTampered(tamper: () => Promise<void>, expected: RegExp) {
  const rows = await allEntries();
  try {
    await tamper();
    const verdict = auditVerify();
    expect(verdict.status, verdict.out).toBe(1);
    expect(verdict.out).toMatch(expected);
  } finally {
    await db().auditEntry.deleteMany({});
    await db().auditEntry.createMany({ data: rows });
  }
  expect(auditVerify().status).toBe(0);
}

/**
 * Other suites share the database and may append entries while a test deletes the tail or wipes the table: then
 * what is left is not what the test made (and the restore wipes their entries, so it cannot be told afterwards).
 * A failed run is tried again on a fresh checkpoint, up to three times; the last attempt's verdict stands.
 */
async function onAQuietCheckpoint(run: (head: { seq: number }) => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    const head = (await anchorAuditHead({ force: true }))!;
    try {
      return await run(head);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

// Each audit:verify run starts a tsx process: several seconds on a busy machine.
describe("audit anchoring: signed checkpoints outside the database", { timeout: 120_000 }, () => {
  it("an intact chain matches its newest checkpoint; a deleted tail is named by its entries", async () => {
    for (let i = 0; i < 3; i++) await createTestAgent("anchor");
    const cp = (await anchorAuditHead({ force: true }))!;
    expect(cp.seq).toBeGreaterThanOrEqual(3);
    const ok = auditVerify();
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toContain(`matches the checkpoint of ${cp.at} (entry #${cp.seq})`);
    await onAQuietCheckpoint((head) => whileTampered(() => db().auditEntry.deleteMany({ where: { seq: { gt: head.seq - 2 } } }).then(() => undefined),
      new RegExp(`entries #${head.seq - 1}–#${head.seq} are missing: the tail was deleted`)));
  });

  it("a wiped table is named as wiped", async () => {
    await onAQuietCheckpoint((cp) => whileTampered(() => db().auditEntry.deleteMany({}).then(() => undefined),
      new RegExp(`vouched for entries up to #${cp.seq}: the table was wiped`)));
  });

  it("a chain edited and re-hashed after a checkpoint is named, with the last checkpoint that still holds", async () => {
    const first = (await anchorAuditHead({ force: true }))!;
    await createTestAgent("anchor");
    const second = (await anchorAuditHead({ force: true }))!;
    await whileTampered(async () => {
      // Rewrite the first entry after the first checkpoint and re-hash everything after it, so the chain alone looks whole.
      const rows = (await allEntries()).filter((r) => r.seq > first.seq);
      let prev = first.hash;
      for (const [i, r] of rows.entries()) {
        const fields = { ...r, actor: i === 0 ? "someone-else" : r.actor };
        const hash = auditHash(prev, fields);
        await db().auditEntry.update({ where: { seq: r.seq }, data: { actor: fields.actor, prevHash: prev, hash } });
        prev = hash;
      }
    }, new RegExp(`rewritten after entry #${first.seq} .*entry #${second.seq} no longer has the hash`));
  });

  it("a checkpoint not signed by the control plane is refused", async () => {
    await anchorAuditHead({ force: true });
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const last = JSON.parse(lines.at(-1)!);
    const [h, p, s] = last.jws.split(".");
    const forged = JSON.parse(Buffer.from(p, "base64url").toString());
    lines[lines.length - 1] = JSON.stringify({ ...last, jws: [h, Buffer.from(JSON.stringify({ ...forged, seq: 1 })).toString("base64url"), s].join(".") });
    writeFileSync(file, `${lines.join("\n")}\n`);
    const verdict = auditVerify();
    expect(verdict.status).toBe(1);
    expect(verdict.out).toContain("is not signed by the control plane");
  });
});

import "server-only";
import { startBackgroundLoop } from "../background-loop.ts";
import { transaction } from "../db/transaction.ts";
import { signAsControlPlane, controlPlaneKey } from "../keys/control-plane-key.ts";
import { config } from "../config/config.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";
import { GENESIS_HASH } from "./audit-hash.ts";
import { appendPendingAudit } from "./append-pending.ts";
import { readAuditMark, setAnchoredMark } from "./audit-mark.ts";
import { anchorFilePath, appendCheckpoint, readCheckpoints, type Checkpoint } from "./anchor-file.ts";

/**
 * Signs the audit chain's head (seq + hash) with the control-plane key and writes the checkpoint outside
 * the database: a line of the append-only anchor file, and an `audit.anchored` webhook event. Unless forced,
 * a head anchored already (by any replica: the `anchored` mark) is not anchored again. Entries still waiting
 * in the outbox are chained first, so the checkpoint vouches for everything committed before it was taken.
 * One replica anchors at a time (the anchoring's turn, take-turns.ts); SQLite is one process.
 */
export async function anchorAuditHead(opts: { force?: boolean; now?: Date } = {}): Promise<Checkpoint | null> {
  await appendPendingAudit();
  const file = anchorFilePath();
  // Loaded (or created, on a first start) before the transaction: on SQLite a write beside it would wait for it.
  const { kid } = await controlPlaneKey();
  return transaction(async (tx) => {
    const head = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    const seq = Number(head?.seq ?? 0);
    const hash = head?.hash ?? GENESIS_HASH;
    const last = (await readAuditMark("anchored", tx)) ?? lastLine(file);
    if (!opts.force && last?.seq === seq && last.hash === hash) return null;
    const at = (opts.now ?? new Date()).toISOString();
    const jws = await signAsControlPlane({ seq, hash, at }, "fb-anchor+jws");
    const cp: Checkpoint = { seq, hash, at, kid, jws };
    await setAnchoredMark(tx, { seq, hash });
    appendCheckpoint(cp, file); // last: should it fail, the mark is rolled back and the next pass tries again
    await emitWebhookEvent(tx, "audit.anchored", { seq, hash, at, kid, jws });
    return cp;
  }, { path: "driver", turns: "anchor" });
}

/** The newest checkpoint this server wrote (for the Audit page), or null. */
export function lastCheckpoint(): Checkpoint | null {
  return readCheckpoints().at(-1) ?? null;
}

/** Anchors every FIREBREAK_AUDIT_ANCHOR_INTERVAL_S (default 60) in the background, once per process. */
export function startAuditAnchoring(): void {
  startBackgroundLoop("audit anchoring", config().FIREBREAK_AUDIT_ANCHOR_INTERVAL_S * 1000, () => anchorAuditHead());
}

// Before the first anchor recorded in the database (an upgraded server): the file's newest checkpoint.
function lastLine(file: string): { seq: number; hash: string } | undefined {
  return readCheckpoints(file).at(-1);
}

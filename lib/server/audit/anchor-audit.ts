import "server-only";
import { startBackgroundLoop } from "../background-loop.ts";
import { getDb } from "../db/client.ts";
import { signAsControlPlane, controlPlaneKey } from "../keys/control-plane-key.ts";
import { config } from "../config/config.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";
import { GENESIS_HASH } from "./audit-hash.ts";
import { appendPendingAudit } from "./append-pending.ts";
import { anchorFilePath, appendCheckpoint, readCheckpoints, type Checkpoint } from "./anchor-file.ts";

const holder = (globalThis as Record<string, unknown>) as { __firebreakLastAnchor?: string };

/**
 * Signs the audit chain's head (seq + hash) with the control-plane key and writes the checkpoint outside
 * the database: a line of the append-only anchor file, and an `audit.anchored` webhook event. Unless forced,
 * an unchanged head is not anchored again. Entries still waiting in the outbox are chained first, so the
 * checkpoint vouches for everything committed before it was taken.
 */
export async function anchorAuditHead(opts: { force?: boolean; now?: Date } = {}): Promise<Checkpoint | null> {
  const db = getDb();
  await appendPendingAudit();
  const head = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = head?.seq ?? 0;
  const hash = head?.hash ?? GENESIS_HASH;
  const file = anchorFilePath();
  holder.__firebreakLastAnchor ??= lastLine(file);
  if (!opts.force && holder.__firebreakLastAnchor === `${seq}:${hash}`) return null;
  const at = (opts.now ?? new Date()).toISOString();
  const { kid } = await controlPlaneKey();
  const jws = await signAsControlPlane({ seq, hash, at }, "fb-anchor+jws");
  const cp: Checkpoint = { seq, hash, at, kid, jws };
  appendCheckpoint(cp, file);
  holder.__firebreakLastAnchor = `${seq}:${hash}`;
  await emitWebhookEvent(db, "audit.anchored", { seq, hash, at, kid, jws });
  return cp;
}

/** The newest checkpoint this server wrote (for the Audit page), or null. */
export function lastCheckpoint(): Checkpoint | null {
  return readCheckpoints().at(-1) ?? null;
}

/** Anchors every FIREBREAK_AUDIT_ANCHOR_INTERVAL_S (default 60) in the background, once per process. */
export function startAuditAnchoring(): void {
  startBackgroundLoop("audit anchoring", config().FIREBREAK_AUDIT_ANCHOR_INTERVAL_S * 1000, () => anchorAuditHead());
}

function lastLine(file: string): string | undefined {
  const cp = readCheckpoints(file).at(-1);
  return cp ? `${cp.seq}:${cp.hash}` : undefined;
}

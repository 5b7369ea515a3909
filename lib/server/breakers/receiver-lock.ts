import "server-only";
import { createHash } from "node:crypto";
import { dbProvider } from "../db/client.ts";
import { runSql } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";

/** The advisory-lock class of receivers: the other int4 of each key is a hash of the receiver's id. */
const RECEIVER_LOCKS = 724020;

const keyOf = (receiver: string) => createHash("sha256").update(receiver).digest().readInt32BE(0);

/**
 * Makes the rest of the caller's transaction take turns with every other transaction that locks one of the
 * same receivers, on any replica: what one receiver's trips decide together (the cap of pending reviews per
 * receiver, review-cap.ts) must see each other's writes. On PostgreSQL an advisory transaction lock per
 * receiver, taken in key order so two transactions locking several receivers cannot deadlock each other;
 * SQLite's write transactions take turns already.
 */
export async function lockReceivers(tx: Tx, receivers: Iterable<string>): Promise<void> {
  if (dbProvider() !== "postgresql") return;
  const keys = [...new Set([...receivers].map(keyOf))].sort((a, b) => a - b);
  // One statement a lock, the server taking them one after the other in the order sent. Nothing is read back:
  // in the ingest path's raw transaction they go out without waiting (pg-pipeline.ts), and whatever the
  // transaction sends next runs once they are held; a failure (a deadlock) is thrown by its next read.
  await Promise.all(keys.map((key) => runSql(tx, `SELECT pg_advisory_xact_lock(${RECEIVER_LOCKS}, $1::int)`, [key])));
}

import { getDb } from "../../lib/server/db/client.ts";
import { insertRows } from "../../lib/server/db/sql.ts";

export type SeedValidationsOptions = {
  from: Date; count: number; boundaries: number; prefix: string;
  /** Time between consecutive rows (default 10 ms). */
  stepMs?: number;
  onProgress?: (done: number) => void;
};

const COLUMNS = ["eventSeq", "messageId", "sender", "receiver", "outcome", "reasons", "anomalyScore", "fanOut", "time"];

/**
 * Stored validations written straight to MessageValidation (raw multi-row inserts, no events): `count`
 * rows spread round-robin over `boundaries` boundaries (50 senders), one every `stepMs`. Every 97th is
 * rejected and every 13th anomalous, so the default policy trips now and then and a stricter one more.
 */
export async function seedValidations(opts: SeedValidationsOptions): Promise<void> {
  const step = opts.stepMs ?? 10;
  const start = opts.from.getTime();
  const run = `${opts.prefix}-${Date.now().toString(36)}`;
  for (let i = 0; i < opts.count; ) {
    const rows: (string | number | Date)[][] = [];
    for (const end = Math.min(opts.count, i + 10_000); i < end; i++) {
      const j = i % opts.boundaries;
      rows.push([
        0, `msg-${run}-${i}`, `${opts.prefix}-s${j % 50}`, `${opts.prefix}-r${Math.floor(j / 50)}`,
        i % 97 === 0 ? "rejected" : "accepted", "[]", i % 13 === 0 ? 0.7 : 0.05, 1, new Date(start + i * step),
      ]);
    }
    await getDb().$transaction((tx) => insertRows(tx, "MessageValidation", COLUMNS, rows), { timeout: 120_000 });
    opts.onProgress?.(i);
  }
}

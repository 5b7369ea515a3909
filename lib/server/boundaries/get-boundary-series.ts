import "server-only";
import {
  fillSeries, seriesThresholds, seriesWindow, transitionMark, type TBoundarySeries, type TSeriesMark, type TSeriesRange,
} from "../../domain/boundary-series.ts";
import { boundaryPolicy } from "../../domain/effective-policy.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import { countValidations } from "./count-validations.ts";

const MAX_MARKS = 500; // bounds the answer on a flapping boundary; the newest are kept

/**
 * One boundary's messages, failure and anomaly rates per time bucket over `range`, against the thresholds of
 * the policy in force, with its trips, re-trips, probes, closes and approvals marked (docs/architecture.md#people-api).
 */
export async function getBoundarySeries(opts: { id: string; range: TSeriesRange; now?: Date }): Promise<TBoundarySeries> {
  const db = getDb();
  const b = await db.boundary.findUnique({ where: { id: opts.id }, select: { id: true, sender: true, receiver: true } });
  if (!b) throw new AppError("not_found", `no boundary ${opts.id}`);
  const window = seriesWindow(opts.range, opts.now ?? new Date());
  const inWindow = { gte: window.from, lte: window.to };
  const [counts, { policy }, transitions, approvals] = await Promise.all([
    countValidations({ sender: b.sender, receiver: b.receiver, ...window }),
    getCurrentPolicy(),
    db.breakerTransition.findMany({
      where: { boundaryId: b.id, applied: true, time: inWindow },
      select: { fromState: true, toState: true, reason: true, time: true }, orderBy: { id: "desc" }, take: MAX_MARKS,
    }),
    db.approval.findMany({
      where: { decision: "approve", createdAt: inWindow, review: { boundaryId: b.id } },
      select: { createdAt: true, review: { select: { epoch: true } } }, orderBy: { createdAt: "desc" }, take: MAX_MARKS,
    }),
  ]);
  const marks: TSeriesMark[] = [];
  for (const t of transitions) {
    const kind = transitionMark(t.fromState, t.toState);
    if (kind) marks.push({ kind, at: t.time.toISOString(), detail: `${t.fromState} → ${t.toState} (${t.reason})` });
  }
  for (const a of approvals) marks.push({ kind: "approval", at: a.createdAt.toISOString(), detail: `reset of epoch ${a.review.epoch} approved` });
  marks.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return {
    boundaryId: b.id,
    range: opts.range,
    bucketMs: window.bucketMs,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    thresholds: seriesThresholds(boundaryPolicy(policy, b.sender, b.receiver).breaker),
    points: fillSeries(counts, window),
    marks,
  };
}

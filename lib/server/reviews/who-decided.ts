import "server-only";
import type { Tx } from "../db/tx.ts";

const at = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Why a decision came too late, in words a person can act on: who decided the review and when (or that it
 * expired, or was voided by a re-trip). What a stale tab shows instead of an internal id.
 */
export async function whoDecided(tx: Tx, review: { id: string; status: string; decidedAt: Date | null }): Promise<string> {
  const when = review.decidedAt ? ` at ${at(review.decidedAt)}` : "";
  if (review.status === "expired") return `this review's approval expired unused${when}; the boundary stays OPEN`;
  if (review.status === "void") return `this review was voided${when}: the boundary tripped again and a new review is queued`;
  const decisions = await tx.approval.findMany({ where: { reviewId: review.id }, orderBy: { createdAt: "asc" }, select: { userId: true, decision: true, createdAt: true } });
  const people = await tx.user.findMany({ where: { id: { in: decisions.map((d) => d.userId) } }, select: { id: true, name: true, email: true } });
  const name = new Map(people.map((p) => [p.id, `${p.name} (${p.email})`]));
  const deciders = review.status === "rejected" ? decisions.filter((d) => d.decision === "reject") : decisions.filter((d) => d.decision === "approve");
  const who = deciders.map((d) => name.get(d.userId) ?? "a former user").join(" and ") || "someone else";
  return `this review was already ${review.status} by ${who}${when}`;
}

/** The refusal when this person already decided: their own decision and when. */
export const alreadyYours = (decision: string, when: Date) => `you already ${decision === "approve" ? "approved" : "rejected"} this review at ${at(when)}`;

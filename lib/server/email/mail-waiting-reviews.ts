import "server-only";
import nodemailer from "nodemailer";
import { reviewMail, type WaitingReview } from "../../domain/review-mail.ts";
import { PERMISSIONS } from "../../domain/permissions.ts";
import { startBackgroundLoop } from "../background-loop.ts";
import { config } from "../config/config.ts";
import { getDb } from "../db/client.ts";
import { publicBaseUrl } from "../webhooks/webhook-settings.ts";

/** SMTP settings: FIREBREAK_SMTP_URL (smtp:// or smtps://, off when unset) and FIREBREAK_SMTP_FROM. */
export const mailSettings = () => ({ url: config().FIREBREAK_SMTP_URL ?? null, from: config().FIREBREAK_SMTP_FROM });

/**
 * Tells opted-in reviewers about reviews opened since the last mail: each new pending review is claimed
 * once (a conditional update, so replicas never mail it twice), then every opted-in reviewer gets one
 * message — a single review, or a digest of all of them.
 */
export async function mailWaitingReviews(now = new Date()): Promise<number> {
  const { url, from } = mailSettings();
  if (!url) return 0;
  const db = getDb();
  const fresh = await db.review.findMany({ where: { status: "pending", notifiedAt: null }, orderBy: { createdAt: "asc" }, take: 200, select: { id: true } });
  if (fresh.length === 0) return 0;
  // One conditional update claims them all and returns only the rows it changed: a review another replica
  // claimed in between is not among them (PostgreSQL re-checks `notifiedAt` once the row is free).
  const claimed = (await db.review.updateManyAndReturn({ where: { id: { in: fresh.map((r) => r.id) }, notifiedAt: null }, data: { notifiedAt: now } }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  if (claimed.length === 0) return 0;
  const deciders = [...PERMISSIONS["review.decide"]];
  const people = await db.user.findMany({ where: { notifyReviews: true, disabled: false, role: { in: deciders } }, select: { email: true } });
  if (people.length === 0) return 0;
  const boundaries = new Map((await db.boundary.findMany({ where: { id: { in: claimed.map((r) => r.boundaryId) } } })).map((b) => [b.id, b]));
  const reviews: WaitingReview[] = claimed.map((r) => ({
    id: r.id, epoch: r.epoch, createdAt: r.createdAt.toISOString(),
    sender: boundaries.get(r.boundaryId)?.sender ?? "?", receiver: boundaries.get(r.boundaryId)?.receiver ?? "?",
    reason: (JSON.parse(r.evidence) as { trip?: { reason?: string } | null }).trip?.reason ?? null,
  }));
  const mail = reviewMail(reviews, publicBaseUrl());
  const transport = nodemailer.createTransport(url);
  try {
    for (const p of people) await transport.sendMail({ from, to: p.email, ...mail });
  } finally {
    transport.close();
  }
  return people.length;
}

/** Sends "reviews waiting" mail every FIREBREAK_EMAIL_INTERVAL_S (default 30) when SMTP is configured. */
export function startReviewMailer(): void {
  if (!mailSettings().url) return;
  startBackgroundLoop("reviews-waiting mail", config().FIREBREAK_EMAIL_INTERVAL_S * 1000, () => mailWaitingReviews());
}

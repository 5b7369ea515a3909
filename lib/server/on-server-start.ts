import { startPostgresBus } from "./bus-postgres.ts";
import { startAuditAnchoring } from "./audit/anchor-audit.ts";
import { startReviewMailer } from "./email/mail-waiting-reviews.ts";
import { startWebhookWorker } from "./webhooks/webhook-worker.ts";

/** Start-up checks: refuse to serve in production without a session secret; bridge the bus across replicas; start the background workers. */
export async function onServerStart(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.NODE_ENV === "production" && !process.env.NEXTAUTH_SECRET) {
    console.error("Firebreak refuses to start: set NEXTAUTH_SECRET (e.g. `openssl rand -base64 32`) in production.");
    process.exit(1);
  }
  // On PostgreSQL, live updates cross replicas through LISTEN/NOTIFY (a no-op on SQLite).
  startPostgresBus();
  // Webhook deliveries leave from the database outbox, in the background (see docs/notifications.md).
  startWebhookWorker();
  // The audit chain's head is signed and written outside the database at an interval.
  startAuditAnchoring();
  // "Reviews waiting" emails to reviewers who opted in, when SMTP is configured.
  startReviewMailer();
}

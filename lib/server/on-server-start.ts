import "server-only";
import { startBreakerSweep } from "./breakers/sweep-unreported-trips.ts";
import { startPostgresBus } from "./bus-postgres.ts";
import { config } from "./config/config.ts";
import { registerDirectivePoll } from "./directives/directive-poll.ts";
import { exitOnBadConfig } from "./config/exit-on-bad-config.ts";
import { boundHeapGrowth } from "./heap-growth.ts";
import { watchPeerAddresses } from "./http/peer-address.ts";
import { startAuditAnchoring } from "./audit/anchor-audit.ts";
import { startAuditAppending } from "./audit/append-pending.ts";
import { startRetention } from "./retention/apply-retention.ts";
import { startReviewMailer } from "./email/mail-waiting-reviews.ts";
import { startWebhookWorker } from "./webhooks/webhook-worker.ts";

/**
 * Start-up checks: refuse to serve with a bad configuration value, or in production without a session secret;
 * bridge the bus across replicas; start the background workers.
 */
export async function onServerStart(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  exitOnBadConfig();
  if (process.env.NODE_ENV === "production" && !config().NEXTAUTH_SECRET) {
    console.error("Firebreak refuses to start: set NEXTAUTH_SECRET (e.g. `openssl rand -base64 32`) in production.");
    process.exit(1);
  }
  // The heap stays near its live data (10,000 held long polls: about 1 GB instead of 2; see docs/scale.md).
  boundHeapGrowth();
  // The agents' directive long poll is served from a Pages API route, which reaches it through this.
  registerDirectivePoll();
  // Rate limits and sign-in delays key on the socket address, which only the Node server knows.
  watchPeerAddresses();
  // On PostgreSQL, live updates cross replicas through LISTEN/NOTIFY (a no-op on SQLite).
  startPostgresBus();
  // Unreported trips are raised once their grace has passed, even when the agent sends nothing more.
  startBreakerSweep();
  // Webhook deliveries leave from the database outbox, in the background (see docs/notifications.md).
  startWebhookWorker();
  // Audit entries left in the outbox (another replica's, or a crash's) are chained every second.
  startAuditAppending();
  // The audit chain's head is signed and written outside the database at an interval.
  startAuditAnchoring();
  // "Reviews waiting" emails to reviewers who opted in, when SMTP is configured.
  startReviewMailer();
  // With FIREBREAK_RETENTION_DAYS, raw events older than that are deleted in small batches (see docs/scale.md).
  startRetention();
}

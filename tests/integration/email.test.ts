import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudEvent, signAs } from "../factories/agents.ts";
import { createTestBoundary } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { startSmtpInbox } from "../factories/smtp-inbox.ts";
import { eventually } from "../support/eventually.ts";
import { mailWaitingReviews } from "../../lib/server/email/mail-waiting-reviews.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { setEnv } from "../support/env.ts";
import { startOwnServer, type OwnServer } from "../support/own-server.ts";

let app: OwnServer;
let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
let optedIn: TestSession;
let notOptedIn: TestSession;

beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startOwnServer("email", { FIREBREAK_SMTP_URL: inbox.url, FIREBREAK_SMTP_FROM: "Firebreak <alerts@firebreak.test>", FIREBREAK_EMAIL_INTERVAL_S: "1" });
  [optedIn, notOptedIn] = [await sessionAs("reviewer"), await sessionAs("reviewer")];
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await inbox?.close();
});

describe("email: reviews waiting, to reviewers who opted in", () => {
  it("a reviewer opts in; a burst of trips makes one digest (text + HTML), a single trip one message; others get nothing", async () => {
    const res = await asUser(optedIn, "/api/v1/me/notifications", { method: "POST", body: JSON.stringify({ reviewsWaiting: true }) });
    expect(await res.json()).toEqual({ reviewsWaiting: true });
    expect(await (await asUser(notOptedIn, "/api/v1/me/notifications")).json()).toEqual({ reviewsWaiting: false });
    const burst = [await createTestBoundary("mail"), await createTestBoundary("mail"), await createTestBoundary("mail")];
    // Three trips in one batch: they commit together, as a cascade would.
    const trip = (b: (typeof burst)[number]) => signAs(b.receiver, cloudEvent(b.receiver, "breaker.transition", {
      sender: b.sender.id, receiver: b.receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "anomaly_rate", failureCount: 3, anomalyRate: 0.4,
    }));
    expect((await postEvents(await Promise.all(burst.map(trip)))).body.accepted).toBe(3);
    const digest = await eventually(() => inbox.mails.find((m) => burst.every((b) => m.text.includes(b.sender.id))), 20_000, "the digest")
      .catch((err) => { throw new Error(`${err.message}; got ${JSON.stringify(inbox.mails.map((m) => [m.subject, m.text]))}`); });
    expect(digest.to).toEqual([optedIn.email]);
    expect(digest.from).toBe("alerts@firebreak.test");
    expect(digest.subject).toMatch(/3 reviews waiting/);
    for (const b of burst) {
      expect(digest.text).toContain(`${b.sender.id} → ${b.receiver.id} (epoch 1): anomaly_rate`);
      expect(digest.html).toContain(`${b.sender.id} → ${b.receiver.id}`);
    }
    expect(digest.html).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/reviews#rev_/);
    const mailsBefore = inbox.mails.length;
    const single = await createTestBoundary("mail");
    await single.report("CLOSED", "OPEN");
    const one = await eventually(() => inbox.mails.slice(mailsBefore).find((m) => m.text.includes(single.sender.id)), 20_000, "the single mail");
    expect(one.subject).toBe(`Review waiting: ${single.sender.id} → ${single.receiver.id}`);
    expect(inbox.mails.flatMap((m) => m.to)).not.toContain(notOptedIn.email);
    expect(inbox.mails.filter((m) => burst.some((b) => m.text.includes(b.sender.id)))).toHaveLength(1); // no storm, no repeat
  });

  it("mailers running at once (replicas) claim a review once: each waiting review reaches a reviewer in one mail", async () => {
    await asUser(optedIn, "/api/v1/me/notifications", { method: "POST", body: JSON.stringify({ reviewsWaiting: true }) });
    const restore = setEnv({ FIREBREAK_SMTP_URL: inbox.url, FIREBREAK_SMTP_FROM: "Firebreak <alerts@firebreak.test>" });
    try {
      const boundaries = await Promise.all(Array.from({ length: 6 }, () => createTestBoundary("mailrace")));
      await Promise.all(boundaries.map((b) => b.report("CLOSED", "OPEN")));
      // Beside the server's own loop, four more mailers in this process, all at once as soon as the reviews wait.
      const ids = boundaries.map((b) => b.id);
      await eventually(async () => (await getDb().review.count({ where: { boundaryId: { in: ids } } })) === ids.length || undefined, 20_000, "the reviews");
      await Promise.all(Array.from({ length: 4 }, () => mailWaitingReviews()));
      const mentions = () => boundaries.map((b) => inbox.mails.filter((m) => m.to.includes(optedIn.email) && m.text.includes(`${b.sender.id} → ${b.receiver.id}`)).length);
      await eventually(() => mentions().every((n) => n >= 1) || undefined, 20_000, "a mail for every review");
      expect(mentions()).toEqual(boundaries.map(() => 1));
    } finally {
      restore();
    }
  });
});


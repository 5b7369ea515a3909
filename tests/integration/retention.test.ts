import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { newId } from "../../lib/server/ids.ts";
import { applyRetention, retentionDays } from "../../lib/server/retention/apply-retention.ts";
import { createTestBoundary, type TestBoundary } from "../factories/breaker.ts";
import { setEnv } from "../support/env.ts";

const YEAR_MS = 365 * 86_400_000;
const KEEP_DAYS = 10 * 365; // older than anything the other suites store, so only this file's aged rows qualify

/** Makes the boundary's raw events and verdicts twenty years old (or `years`), as if received then. */
async function age(b: TestBoundary, years = 20) {
  const old = new Date(Date.now() - years * YEAR_MS);
  await getDb().event.updateMany({ where: { source: b.receiver.id }, data: { receivedAt: old, time: old } });
  await getDb().messageValidation.updateMany({ where: { receiver: b.receiver.id }, data: { time: old } });
}

const counts = async (b: TestBoundary, messageIds: string[]) => ({
  events: await getDb().event.count({ where: { source: b.receiver.id } }),
  validations: await getDb().messageValidation.count({ where: { receiver: b.receiver.id } }),
  messages: await getDb().message.count({ where: { messageId: { in: messageIds } } }),
});

describe("retention: FIREBREAK_RETENTION_DAYS removes old raw events in the background", () => {
  it("is off unless set; a bad value is refused with its name", () => {
    const restore = setEnv({ FIREBREAK_RETENTION_DAYS: undefined });
    try {
      expect(retentionDays()).toBeNull();
      setEnv({ FIREBREAK_RETENTION_DAYS: "0" });
      expect(retentionDays()).toBeNull();
      setEnv({ FIREBREAK_RETENTION_DAYS: "90" });
      expect(retentionDays()).toBe(90);
      setEnv({ FIREBREAK_RETENTION_DAYS: "-3" });
      expect(() => retentionDays()).toThrow(/FIREBREAK_RETENTION_DAYS/);
    } finally {
      restore();
    }
  });

  it("deletes a quiet boundary's old events and verdicts in batches; keeps the audit log, the provenance graph, and what a pending review or a recent incident is about", async () => {
    const quiet = await createTestBoundary("ret-quiet");
    const quietIds = await quiet.validate(["accepted", "accepted", "rejected"]);
    const reviewed = await createTestBoundary("ret-review");
    const reviewedIds = await reviewed.validate(["accepted", "rejected"]);
    await reviewed.report("CLOSED", "OPEN"); // a pending review
    const incident = await createTestBoundary("ret-incident");
    const incidentIds = await incident.validate(["accepted"]);
    await getDb().incident.create({ data: { id: newId("inc"), type: "flapping", boundaryId: incident.id, detail: "test: a recent incident" } });
    for (const b of [quiet, reviewed, incident]) await age(b);
    const audit = await getDb().auditEntry.count();

    const removed = await applyRetention({ days: KEEP_DAYS, batch: 2 });

    expect(removed).toEqual({ events: 3, validations: 3 });
    expect(await counts(quiet, quietIds)).toEqual({ events: 0, validations: 0, messages: 3 });
    expect(await counts(reviewed, reviewedIds)).toEqual({ events: 3, validations: 2, messages: 2 });
    expect(await counts(incident, incidentIds)).toEqual({ events: 1, validations: 1, messages: 1 });
    expect(await getDb().auditEntry.count()).toBe(audit);
    expect(await getDb().boundary.count({ where: { id: { in: [quiet.id, reviewed.id, incident.id] } } })).toBe(3);
    // A second pass finds nothing more.
    expect(await applyRetention({ days: KEEP_DAYS, batch: 2 })).toEqual({ events: 0, validations: 0 });
  });

  it("reads on past batches made only of kept rows: a pending review's older rows stay, the quiet rows after them go", async () => {
    const reviewed = await createTestBoundary("ret-ahead");
    const reviewedIds = await reviewed.validate(["accepted", "accepted", "rejected", "rejected"]);
    await reviewed.report("CLOSED", "OPEN");
    const quiet = await createTestBoundary("ret-behind");
    const quietIds = await quiet.validate(["accepted", "rejected"]);
    await age(reviewed, 30); // older than the quiet ones: the pass meets them first, two whole batches of them
    await age(quiet, 20);

    const removed = await applyRetention({ days: KEEP_DAYS, batch: 2 });

    expect(removed).toEqual({ events: 2, validations: 2 });
    expect(await counts(reviewed, reviewedIds)).toEqual({ events: 5, validations: 4, messages: 4 });
    expect(await counts(quiet, quietIds)).toEqual({ events: 0, validations: 0, messages: 2 });
  });
});

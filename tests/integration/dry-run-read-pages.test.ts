import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { insertRows } from "../../lib/server/db/sql.ts";
import { databaseUrl } from "../../lib/server/db/url.ts";
import { readValidationPages } from "../../lib/server/dry-runs/read-validations.ts";
import { openValidationSource } from "../../lib/server/dry-runs/validation-source.ts";
import { cloudEvent, createTestAgent, signAs, validatedData } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";

const FROM = Date.UTC(2017, 2, 3, 23, 59, 0);
const COLUMNS = ["eventSeq", "messageId", "sender", "receiver", "outcome", "reasons", "anomalyScore", "fanOut", "chainDepth", "time"];

describe("policy dry run: reading stored validations page by page", () => {
  it("dry run: pages that end among rows of one time lose and repeat none, in (time, id) order, with each row's chain depth, outcome and time", async () => {
    // Inserted newest first, three rows a time: id order is not time order, and a page of 7 ends inside a time.
    const rows = Array.from({ length: 300 }, (_, k) => 299 - k).map((j) => [
      0, `read-pages-${j}`, `rp-s${j % 3}`, `rp-r${j % 4}`, j % 11 ? "accepted" : "rejected", j % 13 ? "[]" : '["breaker_open"]',
      (j % 10) / 10, 1 + (j % 2), 1 + (j % 5), new Date(FROM + Math.floor(j / 3) * 7),
    ]);
    await getDb().$transaction((tx) => insertRows(tx, "MessageValidation", COLUMNS, rows));
    const source = await openValidationSource(databaseUrl());
    const read = [];
    try {
      // From the second time on, to before the last: the window's bounds hold too.
      for await (const page of readValidationPages(source, { from: FROM + 7, to: FROM + 99 * 7, pageSize: 7 })) read.push(...page);
    } finally {
      await source.close();
    }
    expect(read).toHaveLength(98 * 3);
    expect(new Set(read.map((r) => r[0])).size).toBe(read.length);
    for (let i = 1; i < read.length; i++) {
      const [a, b] = [read[i - 1], read[i]];
      expect(b[1] > a[1] || (b[1] === a[1] && b[0] > a[0])).toBe(true);
    }
    const j = 100; // a row the window holds, as stored
    const row = read.find((r) => r[2] === `read-pages-${j}`)!;
    expect(row.slice(1)).toEqual([FROM + Math.floor(j / 3) * 7, `read-pages-${j}`, `rp-s${j % 3}`, `rp-r${j % 4}`, 0, 0, 1, 1, 0]);
    const rejected = read.find((r) => r[2] === "read-pages-143")!; // 143 = 11 · 13: rejected, and refused unseen
    expect([rejected[5], rejected[8], rejected[9]]).toEqual([1, 1 + (143 % 5), 1]);
  });

  it("dry run: a validation ingested is stored with its message's chain depth, which the dry run reads", async () => {
    const [a, b, c] = await Promise.all([createTestAgent("depth-origin"), createTestAgent("depth-mid"), createTestAgent("depth-end")]);
    const messageId = `msg-depth-${randomUUID().slice(0, 8)}`;
    const event = cloudEvent(c, "message.validated", validatedData(b.id, c.id, { messageId, parents: [], chain: [a.id, b.id] }));
    expect((await postEvents([await signAs(c, event)])).body.accepted).toBe(1);
    const stored = await getDb().messageValidation.findFirstOrThrow({ where: { messageId } });
    expect(stored.chainDepth).toBe(2);
    const source = await openValidationSource(databaseUrl());
    try {
      const t = stored.time.getTime();
      const read = [];
      for await (const page of readValidationPages(source, { from: t, to: t + 1 })) read.push(...page);
      expect(read.find((r) => r[2] === messageId)?.[8]).toBe(2);
    } finally {
      await source.close();
    }
  });
});

import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { getDb, sqliteConnection } from "../../lib/server/db/client.ts";
import { insertRows, selectRows } from "../../lib/server/db/sql.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import type { Tx } from "../../lib/server/db/tx.ts";

/** The ingest path's transactions. */
const driverTransaction = <T>(fn: (tx: Tx) => Promise<T>) => transaction(fn, { path: "driver" });

const onPostgres = /^postgres/.test(inject("databaseUrl"));
const newId = (name: string) => `wtx-${name}-${randomUUID().slice(0, 8)}`;
const agentRow = (id: string) => [id, "write transaction test", "active", new Date(), new Date()];
const agentColumns = ["id", "name", "status", "createdAt", "updatedAt"];
const exists = async (id: string) => (await getDb().agent.count({ where: { id } })) === 1;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("transaction(fn, { path: \"driver\" }) (the ingest path's transactions)", () => {
  it("commits what fn wrote before it resolves, and stores nothing of a fn that throws", async () => {
    const kept = newId("kept");
    const dropped = newId("dropped");
    await driverTransaction((tx) => insertRows(tx, "Agent", agentColumns, [agentRow(kept)]));
    await expect(driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(dropped)]);
      await tx.agent.update({ where: { id: kept }, data: { name: "renamed in a failed transaction" } });
      throw new Error("the projector failed");
    })).rejects.toThrow("the projector failed");
    expect(await exists(dropped)).toBe(false);
    expect((await getDb().agent.findUniqueOrThrow({ where: { id: kept } })).name).toBe("write transaction test");
  });
});

describe("the driver path on either database: Prisma calls made inside it join it", () => {
  it("a Prisma read inside sees the transaction's own rows, and a Prisma write inside is undone with it", async () => {
    const [row, renamed] = [newId("seen"), newId("joined")];
    await driverTransaction((tx) => insertRows(tx, "Agent", agentColumns, [agentRow(renamed)]));
    let seen = false;
    await expect(driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(row)]);
      seen = await exists(row);
      await getDb().agent.update({ where: { id: renamed }, data: { name: "renamed inside" } });
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    expect(seen).toBe(true);
    expect(await exists(row)).toBe(false);
    expect((await getDb().agent.findUniqueOrThrow({ where: { id: renamed } })).name).toBe("write transaction test");
  });

  it("a nested Prisma transaction is a savepoint: its failure undoes only its own writes", async () => {
    const [before, inner, after] = [newId("before"), newId("inner"), newId("after")];
    await driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(before)]);
      await expect(getDb().$transaction(async (t) => {
        await t.agent.create({ data: { id: inner, name: "inner" } });
        throw new Error("inner fails");
      })).rejects.toThrow("inner fails");
      await getDb().$transaction([getDb().agent.create({ data: { id: after, name: "after" } })]);
    });
    expect([await exists(before), await exists(inner), await exists(after)]).toEqual([true, false, true]);
  });

  it("a nested Prisma transaction that succeeded is still undone when the outer one fails", async () => {
    const inner = newId("inner-ok");
    await expect(driverTransaction(async () => {
      await getDb().$transaction(async (t) => t.agent.create({ data: { id: inner, name: "inner" } }));
      throw new Error("outer fails");
    })).rejects.toThrow("outer fails");
    expect(await exists(inner)).toBe(false);
  });
});

describe.runIf(onPostgres)("the driver path on PostgreSQL: one pooled connection of its own", () => {
  it("a plain Prisma write made meanwhile elsewhere runs beside it and is not taken by its rollback", async () => {
    const created = newId("beside");
    let release!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    const raw = driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(newId("rolled-back"))]);
      release();
      await tick(50);
      throw new Error("the group failed");
    }).then(() => "committed", (err: Error) => err.message);
    await opened;
    await getDb().agent.create({ data: { id: created, name: "created while a transaction was open" } });
    expect(await raw).toBe("the group failed");
    expect(await exists(created)).toBe(true);
  });
});

// On PostgreSQL a write whose answer nobody reads is sent without waiting for it (pg-pipeline.ts): what failed
// must still fail the transaction, with its own error, and nothing of it may be stored.
describe.runIf(onPostgres)("the driver path on PostgreSQL: writes sent without waiting", () => {
  const taken = async () => {
    const id = newId("taken");
    await driverTransaction((tx) => insertRows(tx, "Agent", agentColumns, [agentRow(id)]));
    return id;
  };

  it("a write that fails fails the transaction with its own error, though nothing waited for its answer", async () => {
    const [existing, before] = [await taken(), newId("before-failed")];
    await expect(driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(before)]);
      await insertRows(tx, "Agent", agentColumns, [agentRow(existing)]); // the same primary key: refused
    })).rejects.toThrow(/duplicate key/);
    expect(await exists(before)).toBe(false);
  });

  it("the next read, raw or Prisma's, throws the failed write's error, not the aborted transaction's", async () => {
    const existing = await taken();
    const failing = (read: () => Promise<unknown>) => driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(existing)]);
      await read();
      throw new Error("the read after a failed write answered");
    });
    await expect(failing(() => selectRows(getDb(), `SELECT 1 AS "one"`, []))).rejects.toThrow(/duplicate key/);
    await expect(failing(() => getDb().agent.count())).rejects.toThrow(/duplicate key/);
  });

  it("a failure whose error fn caught still fails the COMMIT: what was rolled back is never reported stored", async () => {
    const kept = newId("rolled-back-at-commit");
    await expect(driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(kept)]);
      await selectRows(getDb(), `SELECT 1 / 0 AS "never"`, []).catch(() => {}); // division by zero
    })).rejects.toThrow(/rolled back at COMMIT/);
    expect(await exists(kept)).toBe(false);
  });

  it("a continuation still running after the transaction ended cannot write on its connection", async () => {
    const late = newId("late");
    let write!: Promise<unknown>;
    await driverTransaction(async (tx) => {
      write = tick(30).then(() => insertRows(tx, "Agent", agentColumns, [agentRow(late)]));
    });
    await expect(write).rejects.toThrow(/has ended/);
    expect(await exists(late)).toBe(false);
  });
});

// SQLite's single connection makes concurrent transactions take turns, which these tests hold it to.
describe.skipIf(onPostgres)("the driver path on SQLite: turns, durability, and Prisma transactions nested in it", () => {
  it("a Prisma transaction started meanwhile waits for it: it never sees, nor is swept into, half of it", async () => {
    const id = newId("turns");
    const order: string[] = [];
    const raw = driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(id)]);
      await tick(50);
      order.push("raw commits");
    });
    await tick(5);
    const prisma = getDb().$transaction(async (tx) => {
      order.push(`prisma sees the row: ${(await tx.agent.count({ where: { id } })) === 1}`);
      await tx.agent.update({ where: { id }, data: { name: "renamed after" } });
    });
    await Promise.all([raw, prisma]);
    expect(order).toEqual(["raw commits", "prisma sees the row: true"]);
    expect((await getDb().agent.findUniqueOrThrow({ where: { id } })).name).toBe("renamed after");
  });

  it("leaves the connection at synchronous=FULL after a commit and after a rollback, so every other write stays durable", async () => {
    const level = () => Number(sqliteConnection()!.pragma("synchronous", { simple: true }));
    await driverTransaction((tx) => insertRows(tx, "Agent", agentColumns, [agentRow(newId("sync"))]));
    expect(level()).toBe(2); // FULL
    await expect(driverTransaction(async () => {
      throw new Error("fails");
    })).rejects.toThrow("fails");
    expect(level()).toBe(2);
  });

  it("a plain Prisma write made meanwhile waits for it: the transaction's rollback does not take the write with it", async () => {
    const [created, renamed] = [newId("plain-create"), newId("plain-update")];
    await driverTransaction((tx) => insertRows(tx, "Agent", agentColumns, [agentRow(renamed)]));
    const raw = driverTransaction(async (tx) => {
      await insertRows(tx, "Agent", agentColumns, [agentRow(newId("rolled-back"))]);
      await tick(50);
      throw new Error("the group failed");
    });
    await tick(5);
    // One statement each (no transaction of Prisma's own), so they would run inside the open one.
    const writes = Promise.all([
      getDb().agent.create({ data: { id: created, name: "created while a transaction was open" } }),
      getDb().agent.update({ where: { id: renamed }, data: { name: "renamed while a transaction was open" } }),
    ]);
    await expect(raw).rejects.toThrow("the group failed");
    await writes;
    expect(await exists(created)).toBe(true);
    expect((await getDb().agent.findUniqueOrThrow({ where: { id: renamed } })).name).toBe("renamed while a transaction was open");
  });

  it("a plain write waits for an open Prisma transaction too, and a plain read never sees a row that is rolled back", async () => {
    const [plain, rolledBack] = [newId("plain-after-prisma"), newId("never-committed")];
    const prisma = getDb().$transaction(async (t) => {
      await t.agent.create({ data: { id: rolledBack, name: "never committed" } });
      await tick(50);
      throw new Error("the Prisma transaction failed");
    });
    await tick(5);
    const [seen] = await Promise.all([exists(rolledBack), getDb().agent.create({ data: { id: plain, name: "plain" } })]);
    await expect(prisma).rejects.toThrow("the Prisma transaction failed");
    expect(seen).toBe(false);
    expect([await exists(plain), await exists(rolledBack)]).toEqual([true, false]);
  });
});

import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isUniqueViolation, orConflict } from "../../lib/server/db/unique-violation.ts";
import { AppError } from "../../lib/server/errors.ts";

/** The error better-sqlite3 really throws for a statement, or null. */
function sqliteError(sql: string): unknown {
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, email TEXT UNIQUE, name TEXT NOT NULL); INSERT INTO t VALUES ('a', 'a@x', 'A')`);
  try {
    db.exec(sql);
    return null;
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
}

describe("isUniqueViolation: the database refusing a duplicate, however it arrives", () => {
  it("SQLite's duplicate unique column and duplicate primary key, from the driver", () => {
    expect(isUniqueViolation(sqliteError(`INSERT INTO t VALUES ('b', 'a@x', 'B')`))).toBe(true);
    expect(isUniqueViolation(sqliteError(`INSERT INTO t VALUES ('a', 'b@x', 'B')`))).toBe(true);
  });

  it("other constraint failures and other errors are not duplicates", () => {
    expect(isUniqueViolation(sqliteError(`INSERT INTO t VALUES ('c', 'c@x', NULL)`))).toBe(false);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it("Prisma's P2002, PostgreSQL's 23505 (also as a cause), and the driver adapter's kind", () => {
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("x"), { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } } })).toBe(true);
    expect(isUniqueViolation({ code: "23503" })).toBe(false); // a foreign key, not a duplicate
  });
});

describe("orConflict", () => {
  it("turns a duplicate into the conflict the pre-check gives, and lets anything else through", async () => {
    const dup = sqliteError(`INSERT INTO t VALUES ('b', 'a@x', 'B')`);
    const err = await orConflict(() => Promise.reject(dup), "a user with email a@x exists").catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect([err.code, err.status, err.detail]).toEqual(["conflict", 409, "a user with email a@x exists"]);
    const other = new Error("boom");
    await expect(orConflict(() => Promise.reject(other), "x")).rejects.toBe(other);
    await expect(orConflict(async () => 7, "x")).resolves.toBe(7);
  });
});

-- CreateTable
CREATE TABLE "AuditMark" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL DEFAULT '',
    "entries" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- Data: the Audit page's check starts from the beginning once, then from where it got to (audit-mark.ts).
INSERT INTO "AuditMark" ("name") VALUES ('verified');

-- Any change to an audit entry other than appending one sends the next check back to the start, where it
-- names the entry: the appender only ever inserts (docs/architecture.md#audit).
CREATE TRIGGER "AuditEntry_updated" AFTER UPDATE ON "AuditEntry" BEGIN
    UPDATE "AuditMark" SET "seq" = 0, "hash" = '', "entries" = 0, "version" = "version" + 1 WHERE "name" = 'verified';
END;
CREATE TRIGGER "AuditEntry_deleted" AFTER DELETE ON "AuditEntry" BEGIN
    UPDATE "AuditMark" SET "seq" = 0, "hash" = '', "entries" = 0, "version" = "version" + 1 WHERE "name" = 'verified';
END;

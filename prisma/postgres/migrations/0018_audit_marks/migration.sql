-- CreateTable
CREATE TABLE "AuditMark" (
    "name" TEXT NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL DEFAULT '',
    "entries" BIGINT NOT NULL DEFAULT 0,
    "version" BIGINT NOT NULL DEFAULT 0,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditMark_pkey" PRIMARY KEY ("name")
);


-- Data: the Audit page's check starts from the beginning once, then from where it got to (audit-mark.ts).
INSERT INTO "AuditMark" ("name") VALUES ('verified');

-- Any change to an audit entry other than appending one sends the next check back to the start, where it
-- names the entry: the appender only ever inserts (docs/architecture.md#audit).
CREATE FUNCTION "audit_entry_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "AuditMark" SET "seq" = 0, "hash" = '', "entries" = 0, "version" = "version" + 1 WHERE "name" = 'verified';
    RETURN NULL;
END $$;
CREATE TRIGGER "AuditEntry_changed" AFTER UPDATE OR DELETE OR TRUNCATE ON "AuditEntry" FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_changed"();

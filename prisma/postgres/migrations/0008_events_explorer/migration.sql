-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "boundaryId" TEXT,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "subjectId" TEXT;

-- CreateIndex
CREATE INDEX "Event_source_seq_idx" ON "Event"("source", "seq");

-- CreateIndex
CREATE INDEX "Event_boundaryId_seq_idx" ON "Event"("boundaryId", "seq");

-- CreateIndex
CREATE INDEX "Event_outcome_seq_idx" ON "Event"("outcome", "seq");

-- CreateIndex
CREATE INDEX "Event_time_idx" ON "Event"("time");

-- Data: backfill the events stored before these columns, from the tables their data was projected into.
UPDATE "Event" SET
  "outcome" = (SELECT mv."outcome" FROM "MessageValidation" mv WHERE mv."eventSeq" = "Event"."seq"),
  "subjectId" = (SELECT mv."messageId" FROM "MessageValidation" mv WHERE mv."eventSeq" = "Event"."seq"),
  "boundaryId" = (SELECT b."id" FROM "MessageValidation" mv JOIN "Boundary" b ON b."sender" = mv."sender" AND b."receiver" = mv."receiver" WHERE mv."eventSeq" = "Event"."seq")
WHERE "type" = 'firebreak.message.validated';
UPDATE "Event" SET "boundaryId" = (SELECT t."boundaryId" FROM "BreakerTransition" t WHERE t."eventSeq" = "Event"."seq")
WHERE "type" = 'firebreak.breaker.transition';
UPDATE "Event" SET "subjectId" = (SELECT r."recordId" FROM "MemoryRecord" r WHERE r."eventSeq" = "Event"."seq")
WHERE "type" = 'firebreak.memory.write';
UPDATE "Event" SET "subjectId" = (SELECT r."recordId" FROM "MemoryRead" r WHERE r."eventSeq" = "Event"."seq")
WHERE "type" = 'firebreak.memory.read';
UPDATE "Event" SET "subjectId" = (SELECT v."messageId" FROM "PolicyViolation" v WHERE v."eventSeq" = "Event"."seq")
WHERE "type" = 'firebreak.policy.violation';

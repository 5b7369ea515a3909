-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MessageValidation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventSeq" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "anomalyScore" REAL NOT NULL,
    "fanOut" INTEGER NOT NULL,
    "time" DATETIME NOT NULL,
    "chainDepth" INTEGER NOT NULL DEFAULT 1
);
INSERT INTO "new_MessageValidation" ("anomalyScore", "eventSeq", "fanOut", "id", "messageId", "outcome", "reasons", "receiver", "sender", "time") SELECT "anomalyScore", "eventSeq", "fanOut", "id", "messageId", "outcome", "reasons", "receiver", "sender", "time" FROM "MessageValidation";
DROP TABLE "MessageValidation";
ALTER TABLE "new_MessageValidation" RENAME TO "MessageValidation";
CREATE INDEX "MessageValidation_sender_receiver_time_outcome_anomalyScore_idx" ON "MessageValidation"("sender", "receiver", "time", "outcome", "anomalyScore");
CREATE INDEX "MessageValidation_messageId_idx" ON "MessageValidation"("messageId");
CREATE INDEX "MessageValidation_time_id_idx" ON "MessageValidation"("time", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Data: existing validations take their message's chain depth (a message not stored keeps 1, as the dry run read it before).
UPDATE "MessageValidation" SET "chainDepth" = (SELECT "Message"."chainDepth" FROM "Message" WHERE "Message"."messageId" = "MessageValidation"."messageId")
WHERE "messageId" IN (SELECT "messageId" FROM "Message");

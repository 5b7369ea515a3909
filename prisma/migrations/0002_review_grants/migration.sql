-- AlterTable
ALTER TABLE "Review" ADD COLUMN "approvalId" TEXT;
ALTER TABLE "Review" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "Review" ADD COLUMN "notBefore" DATETIME;
ALTER TABLE "Review" ADD COLUMN "usedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Boundary" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sender" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'CLOSED',
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "lastSeq" INTEGER NOT NULL DEFAULT -1,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "anomalyRate" REAL NOT NULL DEFAULT 0,
    "trippedAt" DATETIME,
    "cooldownEndsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "awaitingForceAck" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Boundary" ("anomalyRate", "cooldownEndsAt", "createdAt", "epoch", "failureCount", "id", "lastSeq", "receiver", "sender", "state", "trippedAt", "updatedAt") SELECT "anomalyRate", "cooldownEndsAt", "createdAt", "epoch", "failureCount", "id", "lastSeq", "receiver", "sender", "state", "trippedAt", "updatedAt" FROM "Boundary";
DROP TABLE "Boundary";
ALTER TABLE "new_Boundary" RENAME TO "Boundary";
CREATE INDEX "Boundary_state_idx" ON "Boundary"("state");
CREATE UNIQUE INDEX "Boundary_sender_receiver_key" ON "Boundary"("sender", "receiver");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Review_approvalId_key" ON "Review"("approvalId");


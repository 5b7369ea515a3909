-- DropIndex
DROP INDEX "AuditEntry_subject_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "boundaryId" TEXT,
    "detail" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'open',
    "statusComment" TEXT,
    "statusChangedBy" TEXT,
    "statusChangedAt" DATETIME
);
INSERT INTO "new_Incident" ("boundaryId", "createdAt", "detail", "id", "type") SELECT "boundaryId", "createdAt", "detail", "id", "type" FROM "Incident";
DROP TABLE "Incident";
ALTER TABLE "new_Incident" RENAME TO "Incident";
CREATE INDEX "Incident_createdAt_idx" ON "Incident"("createdAt");
CREATE INDEX "Incident_boundaryId_idx" ON "Incident"("boundaryId");
CREATE INDEX "Incident_status_createdAt_idx" ON "Incident"("status", "createdAt");
CREATE INDEX "Incident_type_createdAt_idx" ON "Incident"("type", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Event_boundaryId_outcome_seq_idx" ON "Event"("boundaryId", "outcome", "seq");

-- CreateIndex
CREATE INDEX "Event_source_type_seq_idx" ON "Event"("source", "type", "seq");

-- CreateIndex
CREATE INDEX "Approval_userId_idx" ON "Approval"("userId");

-- CreateIndex
CREATE INDEX "AuditEntry_subject_seq_idx" ON "AuditEntry"("subject", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_actor_seq_idx" ON "AuditEntry"("actor", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_action_seq_idx" ON "AuditEntry"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");


-- DropIndex
DROP INDEX "AuditEntry_subject_idx";

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'open',
ADD COLUMN     "statusChangedAt" TIMESTAMP(3),
ADD COLUMN     "statusChangedBy" TEXT,
ADD COLUMN     "statusComment" TEXT;

-- CreateIndex
CREATE INDEX "Event_boundaryId_outcome_seq_idx" ON "Event"("boundaryId", "outcome", "seq");

-- CreateIndex
CREATE INDEX "Event_source_type_seq_idx" ON "Event"("source", "type", "seq");

-- CreateIndex
CREATE INDEX "Approval_userId_idx" ON "Approval"("userId");

-- CreateIndex
CREATE INDEX "Incident_status_createdAt_idx" ON "Incident"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Incident_type_createdAt_idx" ON "Incident"("type", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_subject_seq_idx" ON "AuditEntry"("subject", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_actor_seq_idx" ON "AuditEntry"("actor", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_action_seq_idx" ON "AuditEntry"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");


-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AgentKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "AgentKey_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ControlPlaneKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "publicJwk" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "time" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kid" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "jws" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Message" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "sender" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "chainDepth" INTEGER NOT NULL,
    "firstSeenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MessageValidation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventSeq" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "anomalyScore" REAL NOT NULL,
    "fanOut" INTEGER NOT NULL,
    "time" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Boundary" (
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
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BreakerTransition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventSeq" INTEGER NOT NULL,
    "boundaryId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "failureCount" INTEGER NOT NULL,
    "anomalyRate" REAL NOT NULL,
    "approvalId" TEXT,
    "applied" BOOLEAN NOT NULL,
    "time" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProvenanceNode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProvenanceEdge" (
    "childId" TEXT NOT NULL,
    "parentId" TEXT NOT NULL,

    PRIMARY KEY ("childId", "parentId")
);

-- CreateTable
CREATE TABLE "MemoryRecord" (
    "recordId" TEXT NOT NULL PRIMARY KEY,
    "writer" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "valueHash" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "time" DATETIME NOT NULL,
    "eventSeq" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "MemoryRead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventSeq" INTEGER NOT NULL,
    "reader" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "grantId" TEXT,
    "time" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PolicyViolation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventSeq" INTEGER NOT NULL,
    "agentId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "messageId" TEXT,
    "count" INTEGER,
    "time" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "document" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boundaryId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "evidence" TEXT NOT NULL,
    "cooldownEndsAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reviewId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Approval_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Directive" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agentId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "UsedJti" (
    "jti" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "boundaryId" TEXT,
    "detail" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "AgentKey_agentId_idx" ON "AgentKey"("agentId");

-- CreateIndex
CREATE INDEX "Event_type_seq_idx" ON "Event"("type", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Event_source_eventId_key" ON "Event"("source", "eventId");

-- CreateIndex
CREATE INDEX "MessageValidation_sender_receiver_time_idx" ON "MessageValidation"("sender", "receiver", "time");

-- CreateIndex
CREATE INDEX "MessageValidation_messageId_idx" ON "MessageValidation"("messageId");

-- CreateIndex
CREATE INDEX "Boundary_state_idx" ON "Boundary"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Boundary_sender_receiver_key" ON "Boundary"("sender", "receiver");

-- CreateIndex
CREATE INDEX "BreakerTransition_boundaryId_id_idx" ON "BreakerTransition"("boundaryId", "id");

-- CreateIndex
CREATE INDEX "ProvenanceNode_agentId_createdAt_idx" ON "ProvenanceNode"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "ProvenanceEdge_parentId_childId_idx" ON "ProvenanceEdge"("parentId", "childId");

-- CreateIndex
CREATE INDEX "MemoryRecord_partition_key_idx" ON "MemoryRecord"("partition", "key");

-- CreateIndex
CREATE INDEX "MemoryRead_reader_time_idx" ON "MemoryRead"("reader", "time");

-- CreateIndex
CREATE INDEX "PolicyViolation_agentId_time_idx" ON "PolicyViolation"("agentId", "time");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Review_status_createdAt_idx" ON "Review"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Review_boundaryId_epoch_idx" ON "Review"("boundaryId", "epoch");

-- CreateIndex
CREATE UNIQUE INDEX "Approval_reviewId_userId_key" ON "Approval"("reviewId", "userId");

-- CreateIndex
CREATE INDEX "Directive_agentId_seq_idx" ON "Directive"("agentId", "seq");

-- CreateIndex
CREATE INDEX "UsedJti_expiresAt_idx" ON "UsedJti"("expiresAt");

-- CreateIndex
CREATE INDEX "Incident_createdAt_idx" ON "Incident"("createdAt");

-- CreateIndex
CREATE INDEX "Incident_boundaryId_idx" ON "Incident"("boundaryId");

-- CreateIndex
CREATE INDEX "AuditEntry_subject_idx" ON "AuditEntry"("subject");


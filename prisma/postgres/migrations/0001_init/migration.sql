-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentKey" (
    "kid" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AgentKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "ControlPlaneKey" (
    "kid" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ControlPlaneKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kid" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Message" (
    "messageId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "chainDepth" INTEGER NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "MessageValidation" (
    "id" SERIAL NOT NULL,
    "eventSeq" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "anomalyScore" DOUBLE PRECISION NOT NULL,
    "fanOut" INTEGER NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageValidation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Boundary" (
    "id" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'CLOSED',
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "lastSeq" INTEGER NOT NULL DEFAULT -1,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "anomalyRate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trippedAt" TIMESTAMP(3),
    "cooldownEndsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Boundary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BreakerTransition" (
    "id" SERIAL NOT NULL,
    "eventSeq" INTEGER NOT NULL,
    "boundaryId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "failureCount" INTEGER NOT NULL,
    "anomalyRate" DOUBLE PRECISION NOT NULL,
    "approvalId" TEXT,
    "applied" BOOLEAN NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BreakerTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvenanceNode" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvenanceNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvenanceEdge" (
    "childId" TEXT NOT NULL,
    "parentId" TEXT NOT NULL,

    CONSTRAINT "ProvenanceEdge_pkey" PRIMARY KEY ("childId","parentId")
);

-- CreateTable
CREATE TABLE "MemoryRecord" (
    "recordId" TEXT NOT NULL,
    "writer" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "valueHash" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "eventSeq" INTEGER NOT NULL,

    CONSTRAINT "MemoryRecord_pkey" PRIMARY KEY ("recordId")
);

-- CreateTable
CREATE TABLE "MemoryRead" (
    "id" SERIAL NOT NULL,
    "eventSeq" INTEGER NOT NULL,
    "reader" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "grantId" TEXT,
    "time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemoryRead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyViolation" (
    "id" SERIAL NOT NULL,
    "eventSeq" INTEGER NOT NULL,
    "agentId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "messageId" TEXT,
    "count" INTEGER,
    "time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyViolation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "version" INTEGER NOT NULL,
    "document" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "boundaryId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "evidence" TEXT NOT NULL,
    "cooldownEndsAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Directive" (
    "seq" SERIAL NOT NULL,
    "agentId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Directive_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "UsedJti" (
    "jti" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedJti_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "boundaryId" TEXT,
    "detail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" SERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
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

-- AddForeignKey
ALTER TABLE "AgentKey" ADD CONSTRAINT "AgentKey_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- CreateIndex
CREATE INDEX "Event_receivedAt_seq_idx" ON "Event"("receivedAt", "seq");


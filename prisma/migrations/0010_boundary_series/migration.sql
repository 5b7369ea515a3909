-- DropIndex
DROP INDEX "MessageValidation_sender_receiver_time_idx";

-- CreateIndex
CREATE INDEX "MessageValidation_sender_receiver_time_outcome_anomalyScore_idx" ON "MessageValidation"("sender", "receiver", "time", "outcome", "anomalyScore");


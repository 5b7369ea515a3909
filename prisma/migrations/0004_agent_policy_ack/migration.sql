-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "policyAckAt" DATETIME;
ALTER TABLE "Agent" ADD COLUMN "policyVersion" INTEGER;


-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "policyAckAt" TIMESTAMP(3),
ADD COLUMN     "policyVersion" INTEGER;


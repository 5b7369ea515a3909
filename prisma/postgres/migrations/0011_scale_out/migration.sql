-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "onceKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Incident_onceKey_key" ON "Incident"("onceKey");


-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "onceKey" TEXT;

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "LoginThrottle_lastAt_idx" ON "LoginThrottle"("lastAt");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_onceKey_key" ON "Incident"("onceKey");


-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "onceKey" TEXT;

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LoginThrottle_lastAt_idx" ON "LoginThrottle"("lastAt");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_onceKey_key" ON "Incident"("onceKey");


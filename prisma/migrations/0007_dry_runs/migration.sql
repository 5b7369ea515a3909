-- CreateTable
CREATE TABLE "DryRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "progress" REAL NOT NULL DEFAULT 0,
    "fromTime" DATETIME NOT NULL,
    "toTime" DATETIME NOT NULL,
    "draft" TEXT NOT NULL,
    "currentVersion" INTEGER NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DryRun_createdAt_idx" ON "DryRun"("createdAt");

-- CreateIndex
CREATE INDEX "MessageValidation_time_id_idx" ON "MessageValidation"("time", "id");


-- CreateTable
CREATE TABLE "DryRun" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "fromTime" TIMESTAMP(3) NOT NULL,
    "toTime" TIMESTAMP(3) NOT NULL,
    "draft" TEXT NOT NULL,
    "currentVersion" INTEGER NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DryRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DryRun_createdAt_idx" ON "DryRun"("createdAt");

-- CreateIndex
CREATE INDEX "MessageValidation_time_id_idx" ON "MessageValidation"("time", "id");


-- AlterTable
ALTER TABLE "Boundary" ADD COLUMN "suspectedTripAt" DATETIME;
ALTER TABLE "Boundary" ADD COLUMN "suspectedTripDetail" TEXT;


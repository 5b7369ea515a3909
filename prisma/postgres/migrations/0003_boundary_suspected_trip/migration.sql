-- AlterTable
ALTER TABLE "Boundary" ADD COLUMN     "suspectedTripAt" TIMESTAMP(3),
ADD COLUMN     "suspectedTripDetail" TEXT;


-- AlterTable
ALTER TABLE "Event" DROP CONSTRAINT "Event_pkey",
ALTER COLUMN "seq" SET DATA TYPE BIGINT,
ADD CONSTRAINT "Event_pkey" PRIMARY KEY ("seq");

-- AlterTable
ALTER TABLE "MessageValidation" DROP CONSTRAINT "MessageValidation_pkey",
ALTER COLUMN "id" SET DATA TYPE BIGINT,
ALTER COLUMN "eventSeq" SET DATA TYPE BIGINT,
ALTER COLUMN "fanOut" SET DATA TYPE BIGINT,
ADD CONSTRAINT "MessageValidation_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "Boundary" ALTER COLUMN "epoch" SET DATA TYPE BIGINT,
ALTER COLUMN "lastSeq" SET DATA TYPE BIGINT,
ALTER COLUMN "failureCount" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "BreakerTransition" DROP CONSTRAINT "BreakerTransition_pkey",
ALTER COLUMN "id" SET DATA TYPE BIGINT,
ALTER COLUMN "eventSeq" SET DATA TYPE BIGINT,
ALTER COLUMN "seq" SET DATA TYPE BIGINT,
ALTER COLUMN "failureCount" SET DATA TYPE BIGINT,
ADD CONSTRAINT "BreakerTransition_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "MemoryRecord" ALTER COLUMN "eventSeq" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "MemoryRead" DROP CONSTRAINT "MemoryRead_pkey",
ALTER COLUMN "id" SET DATA TYPE BIGINT,
ALTER COLUMN "eventSeq" SET DATA TYPE BIGINT,
ADD CONSTRAINT "MemoryRead_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "PolicyViolation" DROP CONSTRAINT "PolicyViolation_pkey",
ALTER COLUMN "id" SET DATA TYPE BIGINT,
ALTER COLUMN "eventSeq" SET DATA TYPE BIGINT,
ALTER COLUMN "count" SET DATA TYPE BIGINT,
ADD CONSTRAINT "PolicyViolation_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "Review" ALTER COLUMN "epoch" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "Directive" DROP CONSTRAINT "Directive_pkey",
ALTER COLUMN "seq" SET DATA TYPE BIGINT,
ADD CONSTRAINT "Directive_pkey" PRIMARY KEY ("seq");

-- AlterTable
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_pkey",
ALTER COLUMN "seq" SET DATA TYPE BIGINT,
ADD CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq");

-- Data: the sequences behind the autoincrement keys were made `AS integer` (they would stop at 2^31 - 1 even
-- in a bigint column); AS bigint raises their maximum with them. Rows are kept: the ALTERs above rewrite in place.
ALTER SEQUENCE "Event_seq_seq" AS BIGINT;
ALTER SEQUENCE "MessageValidation_id_seq" AS BIGINT;
ALTER SEQUENCE "BreakerTransition_id_seq" AS BIGINT;
ALTER SEQUENCE "MemoryRead_id_seq" AS BIGINT;
ALTER SEQUENCE "PolicyViolation_id_seq" AS BIGINT;
ALTER SEQUENCE "Directive_seq_seq" AS BIGINT;
ALTER SEQUENCE "AuditEntry_seq_seq" AS BIGINT;

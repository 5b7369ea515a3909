-- AlterTable
ALTER TABLE "MessageValidation" ADD COLUMN     "chainDepth" INTEGER NOT NULL DEFAULT 1;

-- Data: existing validations take their message's chain depth (a message not stored keeps 1, as the dry run read it before).
UPDATE "MessageValidation" AS v SET "chainDepth" = m."chainDepth" FROM "Message" AS m WHERE m."messageId" = v."messageId";

-- migrate:up
-- AlterTable
ALTER TABLE "ContactChannel" ADD COLUMN     "codeExpires" TIMESTAMP(3),
ADD COLUMN     "codeHash" TEXT,
ADD COLUMN     "codeSentAt" TIMESTAMP(3),
ADD COLUMN     "codeTries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "verifiedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "ContactChannel_codeHash_key" ON "ContactChannel"("codeHash");

-- migrate:down

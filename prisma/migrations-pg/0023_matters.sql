-- migrate:up
-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'design',
ADD COLUMN     "matterItem" INTEGER,
ADD COLUMN     "seats" INTEGER;

-- migrate:down

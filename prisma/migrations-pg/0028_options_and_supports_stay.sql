-- migrate:up
-- Options and supports are not withdrawn (docs/decisions/047): the columns were never written.
-- AlterTable
ALTER TABLE "Support" DROP COLUMN "withdrawnAt";

-- AlterTable
ALTER TABLE "DesignOption" DROP COLUMN "withdrawnAt";

-- migrate:down

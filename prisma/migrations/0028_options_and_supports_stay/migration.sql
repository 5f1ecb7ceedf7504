-- Options and supports are not withdrawn (docs/decisions/047): the columns were never written.
-- SQLite drops a column that no index, constraint or trigger names in place (3.35+).
ALTER TABLE "Support" DROP COLUMN "withdrawnAt";
ALTER TABLE "DesignOption" DROP COLUMN "withdrawnAt";

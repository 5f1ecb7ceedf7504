// What a published option is, spelled once for Prisma and once for SQL from the same words: an
// option of the round with an approved version, the one an auditor approved last (docs/product.md
// §3; an approval supersedes the version approved before it). Options are never withdrawn
// (decision 047). tests/integration/published-options.test.ts holds the two spellings together.
import { Prisma } from "~/generated/prisma/client";

/** The status of the version the public sees and residents score. */
export const PUBLISHED_STATUS = "approved";

/** The Prisma filter on DesignOption: it has a published version. */
export const publishedOption = {
  versions: { some: { status: PUBLISHED_STATUS } },
} satisfies Prisma.DesignOptionWhereInput;

/** The same as an SQL condition on the DesignOption row aliased `alias` (a fixed identifier). */
export function publishedOptionSql(alias: "o") {
  return Prisma.sql`EXISTS (SELECT 1 FROM "OptionVersion" pv
    WHERE pv."optionId" = ${Prisma.raw(`${alias}."id"`)} AND pv."status" = ${PUBLISHED_STATUS})`;
}

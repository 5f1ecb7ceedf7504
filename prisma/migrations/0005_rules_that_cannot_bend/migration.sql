-- Hand-edited: Round gains a column by ADD COLUMN instead of Prisma's table redefinition, so
-- columns other migrations add to Round survive. Ballot must be redefined: SQLite cannot add a
-- foreign key to an existing table. Its composite key (optionId, roundId) → DesignOption (id,
-- roundId) is plain SQL that PostgreSQL runs as well.
ALTER TABLE "Round" ADD COLUMN "minVotingDays" INTEGER NOT NULL DEFAULT 7;

-- AlterTable
ALTER TABLE "DesignOption" ADD COLUMN "kindReason" TEXT;
ALTER TABLE "DesignOption" ADD COLUMN "kindSetAt" DATETIME;

-- AlterTable
ALTER TABLE "OptionVersion" ADD COLUMN "serves" TEXT;

-- AlterTable
ALTER TABLE "BoqLine" ADD COLUMN "serves" TEXT;

-- CreateTable
CREATE TABLE "PaperSheet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "sheetNo" TEXT NOT NULL,
    "householdId" INTEGER NOT NULL,
    "witness" TEXT NOT NULL,
    "enteredById" INTEGER NOT NULL,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaperSheet_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PaperSheet_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex: the target of Ballot's composite foreign key
CREATE UNIQUE INDEX "DesignOption_id_roundId_key" ON "DesignOption"("id", "roundId");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ballot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "optionId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "channel" TEXT NOT NULL,
    "paperSheetNo" TEXT,
    "witness" TEXT,
    "castById" INTEGER NOT NULL,
    "castAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Ballot_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ballot_optionId_roundId_fkey" FOREIGN KEY ("optionId", "roundId") REFERENCES "DesignOption" ("id", "roundId") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ballot_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Ballot" ("castAt", "castById", "channel", "comment", "householdId", "id", "optionId", "paperSheetNo", "roundId", "score", "updatedAt", "witness") SELECT "castAt", "castById", "channel", "comment", "householdId", "id", "optionId", "paperSheetNo", "roundId", "score", "updatedAt", "witness" FROM "Ballot";
DROP TABLE "Ballot";
ALTER TABLE "new_Ballot" RENAME TO "Ballot";
CREATE INDEX "Ballot_roundId_idx" ON "Ballot"("roundId");
CREATE UNIQUE INDEX "Ballot_optionId_householdId_key" ON "Ballot"("optionId", "householdId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PaperSheet_roundId_householdId_idx" ON "PaperSheet"("roundId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "PaperSheet_roundId_sheetNo_key" ON "PaperSheet"("roundId", "sheetNo");


-- The audit log is append-only in the database, not by convention: UPDATE and DELETE abort.
-- (PostgreSQL: a plpgsql function raising an exception, BEFORE UPDATE OR DELETE ... FOR EACH ROW;
-- see docs/decisions/006-rules-in-the-database.md.) The demo seed drops and recreates these.
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog"
BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;

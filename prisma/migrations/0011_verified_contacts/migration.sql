-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ContactChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "householdId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "optedIn" BOOLEAN NOT NULL DEFAULT true,
    "updatedById" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verifiedAt" DATETIME,
    "codeHash" TEXT,
    "codeExpires" DATETIME,
    "codeTries" INTEGER NOT NULL DEFAULT 0,
    "codeSentAt" DATETIME,
    CONSTRAINT "ContactChannel_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ContactChannel" ("address", "channel", "householdId", "id", "locale", "optedIn", "updatedAt", "updatedById") SELECT "address", "channel", "householdId", "id", "locale", "optedIn", "updatedAt", "updatedById" FROM "ContactChannel";
DROP TABLE "ContactChannel";
ALTER TABLE "new_ContactChannel" RENAME TO "ContactChannel";
CREATE UNIQUE INDEX "ContactChannel_codeHash_key" ON "ContactChannel"("codeHash");
CREATE UNIQUE INDEX "ContactChannel_householdId_channel_key" ON "ContactChannel"("householdId", "channel");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


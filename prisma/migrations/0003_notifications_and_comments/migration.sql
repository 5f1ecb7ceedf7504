-- CreateTable
CREATE TABLE "ContactChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "householdId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "optedIn" BOOLEAN NOT NULL DEFAULT true,
    "updatedById" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactChannel_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "roundId" INTEGER,
    "householdId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "params" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" DATETIME,
    "sentAt" DATETIME,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Notification_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "needId" INTEGER,
    "optionId" INTEGER,
    "parentId" INTEGER,
    "authorId" INTEGER NOT NULL,
    "authorKind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hiddenAt" DATETIME,
    "hiddenById" INTEGER,
    "hiddenReason" TEXT,
    CONSTRAINT "Comment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Comment_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "DesignOption" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Comment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ContactChannel_householdId_channel_key" ON "ContactChannel"("householdId", "channel");

-- CreateIndex
CREATE INDEX "Notification_status_nextAt_idx" ON "Notification"("status", "nextAt");

-- CreateIndex
CREATE INDEX "Notification_householdId_channel_createdAt_idx" ON "Notification"("householdId", "channel", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_roundId_status_idx" ON "Notification"("roundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_eventKey_householdId_channel_key" ON "Notification"("eventKey", "householdId", "channel");

-- CreateIndex
CREATE INDEX "Comment_needId_createdAt_idx" ON "Comment"("needId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_optionId_createdAt_idx" ON "Comment"("optionId", "createdAt");


-- CreateTable
CREATE TABLE "RepairService" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "providerEn" TEXT,
    "serviceHours" TEXT NOT NULL,
    "updatedById" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RepairService_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RepairPromise" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "answerMinutes" INTEGER NOT NULL,
    "fixMinutes" INTEGER NOT NULL,
    "updatedById" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RepairPromise_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PropertyStaff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "compoundId" INTEGER NOT NULL,
    "position" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PropertyStaff_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PropertyStaff_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RepairTicket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "householdId" INTEGER,
    "reporterId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "placeKind" TEXT NOT NULL,
    "buildingId" INTEGER,
    "unitId" INTEGER,
    "floor" INTEGER,
    "placeNote" TEXT,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'reported',
    "answerDueAt" DATETIME NOT NULL,
    "fixDueAt" DATETIME NOT NULL,
    "answeredAt" DATETIME,
    "assigneeId" INTEGER,
    "fixedAt" DATETIME,
    "quickClosed" BOOLEAN NOT NULL DEFAULT false,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "warrantyId" INTEGER,
    "rating" INTEGER,
    "ratingComment" TEXT,
    "ratedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RepairTicket_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RepairTicket_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RepairTicket_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RepairTicket_warrantyId_fkey" FOREIGN KEY ("warrantyId") REFERENCES "RepairWarranty" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RepairEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ticketId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" INTEGER,
    "note" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RepairEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "RepairTicket" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RepairPhoto" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ticketId" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    CONSTRAINT "RepairPhoto_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "RepairTicket" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RepairPhoto_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "RepairEvent" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RepairWarranty" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "contractor" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "setById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RepairWarranty_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "RepairService_compoundId_key" ON "RepairService"("compoundId");

-- CreateIndex
CREATE UNIQUE INDEX "RepairPromise_compoundId_category_urgency_key" ON "RepairPromise"("compoundId", "category", "urgency");

-- CreateIndex
CREATE UNIQUE INDEX "PropertyStaff_accountId_compoundId_key" ON "PropertyStaff"("accountId", "compoundId");

-- CreateIndex
CREATE INDEX "RepairTicket_compoundId_status_idx" ON "RepairTicket"("compoundId", "status");

-- CreateIndex
CREATE INDEX "RepairTicket_householdId_idx" ON "RepairTicket"("householdId");

-- CreateIndex
CREATE INDEX "RepairEvent_ticketId_at_idx" ON "RepairEvent"("ticketId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RepairWarranty_roundId_kind_key" ON "RepairWarranty"("roundId", "kind");


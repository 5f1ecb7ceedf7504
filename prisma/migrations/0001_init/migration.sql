-- CreateTable
CREATE TABLE "City" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "District" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cityId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    CONSTRAINT "District_cityId_fkey" FOREIGN KEY ("cityId") REFERENCES "City" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Street" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "districtId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    CONSTRAINT "Street_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Community" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "streetId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    CONSTRAINT "Community_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Compound" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "builtYear" INTEGER NOT NULL,
    CONSTRAINT "Compound_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Building" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "floors" INTEGER NOT NULL,
    "safetyGrade" TEXT NOT NULL,
    CONSTRAINT "Building_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "buildingId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Unit_buildingId_fkey" FOREIGN KEY ("buildingId") REFERENCES "Building" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Household" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "room" TEXT NOT NULL,
    "floor" INTEGER NOT NULL,
    "areaCenti" INTEGER NOT NULL,
    "ownerName" TEXT NOT NULL,
    "phone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Household_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HouseholdCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "householdId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME,
    "usedById" INTEGER,
    "revokedAt" DATETIME,
    CONSTRAINT "HouseholdCode_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HouseholdCode_usedById_fkey" FOREIGN KEY ("usedById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "phone" TEXT,
    "role" TEXT NOT NULL,
    "communityId" INTEGER,
    "streetId" INTEGER,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" DATETIME,
    CONSTRAINT "Account_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Account_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "codeId" INTEGER NOT NULL,
    "boundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Membership_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Membership_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "HouseholdCode" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Panel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "discipline" TEXT NOT NULL,
    "utilityKind" TEXT
);

-- CreateTable
CREATE TABLE "PanelMembership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "panelId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    CONSTRAINT "PanelMembership_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PanelMembership_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "accountId" INTEGER,
    "ip" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SignInAttempt_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Round" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "compoundId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "phase" TEXT NOT NULL DEFAULT 'DRAFT',
    "scopeKind" TEXT NOT NULL DEFAULT 'whole',
    "budgetCapFen" INTEGER,
    "hideScores" BOOLEAN NOT NULL DEFAULT true,
    "quorumNum" INTEGER NOT NULL DEFAULT 2,
    "quorumDen" INTEGER NOT NULL DEFAULT 3,
    "ordinaryNum" INTEGER NOT NULL DEFAULT 1,
    "ordinaryDen" INTEGER NOT NULL DEFAULT 2,
    "alterationNum" INTEGER NOT NULL DEFAULT 3,
    "alterationDen" INTEGER NOT NULL DEFAULT 4,
    "threshold" INTEGER NOT NULL DEFAULT 4,
    "objectionDays" INTEGER NOT NULL DEFAULT 7,
    "orderingEndsAt" DATETIME NOT NULL,
    "cookingEndsAt" DATETIME NOT NULL,
    "tastingEndsAt" DATETIME NOT NULL,
    "menuFrozenAt" DATETIME,
    "closedAt" DATETIME,
    "objectionEndsAt" DATETIME,
    "decidedAt" DATETIME,
    "extensionUsed" BOOLEAN NOT NULL DEFAULT false,
    "tallyJson" TEXT,
    "winnerOptionId" INTEGER,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Round_compoundId_fkey" FOREIGN KEY ("compoundId") REFERENCES "Compound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoundScopeItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "buildingId" INTEGER,
    "unitId" INTEGER,
    CONSTRAINT "RoundScopeItem_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoundScopeItem_buildingId_fkey" FOREIGN KEY ("buildingId") REFERENCES "Building" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RoundScopeItem_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Need" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "catalogueKey" TEXT,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "mandatory" BOOLEAN NOT NULL DEFAULT false,
    "alteration" BOOLEAN NOT NULL DEFAULT false,
    "buildingId" INTEGER,
    "proposedById" INTEGER,
    "householdId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'active',
    "menuRank" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Need_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Need_buildingId_fkey" FOREIGN KEY ("buildingId") REFERENCES "Building" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Need_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Support" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "needId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "accountId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" DATETIME,
    CONSTRAINT "Support_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Support_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NeedMerge" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fromNeedId" INTEGER NOT NULL,
    "intoNeedId" INTEGER NOT NULL,
    "byId" INTEGER NOT NULL,
    "reason" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NeedMerge_fromNeedId_fkey" FOREIGN KEY ("fromNeedId") REFERENCES "Need" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "NeedMerge_intoNeedId_fkey" FOREIGN KEY ("intoNeedId") REFERENCES "Need" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DesignOption" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ordinary',
    "kindSetById" INTEGER,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" DATETIME,
    CONSTRAINT "DesignOption_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptionVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "optionId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "durationDays" INTEGER NOT NULL,
    "shareMethod" TEXT NOT NULL DEFAULT 'area',
    "floorCoefficients" TEXT,
    "totalFen" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "publishedAt" DATETIME,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OptionVersion_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "DesignOption" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptionVersionNeed" (
    "versionId" INTEGER NOT NULL,
    "needId" INTEGER NOT NULL,

    PRIMARY KEY ("versionId", "needId"),
    CONSTRAINT "OptionVersionNeed_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "OptionVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OptionVersionNeed_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoqLine" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "versionId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "item" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "quantityMilli" INTEGER NOT NULL,
    "unitPriceFen" INTEGER NOT NULL,
    "amountFen" INTEGER NOT NULL,
    CONSTRAINT "BoqLine_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "OptionVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundingShare" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "versionId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    CONSTRAINT "FundingShare_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "OptionVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UtilityConstraint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "optionId" INTEGER NOT NULL,
    "versionNo" INTEGER NOT NULL,
    "utilityKind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UtilityConstraint_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "DesignOption" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditReview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "versionId" INTEGER NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "decision" TEXT NOT NULL,
    "reasons" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditReview_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "OptionVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Ballot" (
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
    CONSTRAINT "Ballot_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "DesignOption" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ballot_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Receipt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Receipt_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Receipt_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredById" INTEGER,
    "answeredAt" DATETIME,
    CONSTRAINT "Objection_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Objection_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "note" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Milestone_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MilestonePhoto" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "milestoneId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    CONSTRAINT "MilestonePhoto_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SatisfactionRating" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SatisfactionRating_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SatisfactionRating_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" INTEGER NOT NULL,
    "roundId" INTEGER,
    "before" TEXT,
    "after" TEXT,
    CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AuditLog_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "District_cityId_name_key" ON "District"("cityId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Street_districtId_name_key" ON "Street"("districtId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Community_streetId_name_key" ON "Community"("streetId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Compound_communityId_name_key" ON "Compound"("communityId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Building_compoundId_name_key" ON "Building"("compoundId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_buildingId_name_key" ON "Unit"("buildingId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Household_unitId_room_key" ON "Household"("unitId", "room");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdCode_code_key" ON "HouseholdCode"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Account_username_key" ON "Account"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_accountId_householdId_key" ON "Membership"("accountId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelMembership_panelId_accountId_key" ON "PanelMembership"("panelId", "accountId");

-- CreateIndex
CREATE INDEX "SignInAttempt_username_at_idx" ON "SignInAttempt"("username", "at");

-- CreateIndex
CREATE INDEX "SignInAttempt_ip_at_idx" ON "SignInAttempt"("ip", "at");

-- CreateIndex
CREATE INDEX "Round_compoundId_phase_idx" ON "Round"("compoundId", "phase");

-- CreateIndex
CREATE INDEX "Need_roundId_status_idx" ON "Need"("roundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Support_needId_householdId_key" ON "Support"("needId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "NeedMerge_fromNeedId_key" ON "NeedMerge"("fromNeedId");

-- CreateIndex
CREATE UNIQUE INDEX "DesignOption_roundId_code_key" ON "DesignOption"("roundId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "OptionVersion_optionId_version_key" ON "OptionVersion"("optionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "BoqLine_versionId_position_key" ON "BoqLine"("versionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "FundingShare_versionId_source_key" ON "FundingShare"("versionId", "source");

-- CreateIndex
CREATE INDEX "Ballot_roundId_idx" ON "Ballot"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_optionId_householdId_key" ON "Ballot"("optionId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_code_key" ON "Receipt"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_roundId_householdId_key" ON "Receipt"("roundId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "Objection_roundId_householdId_key" ON "Objection"("roundId", "householdId");

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionRating_roundId_householdId_key" ON "SatisfactionRating"("roundId", "householdId");

-- CreateIndex
CREATE INDEX "AuditLog_roundId_at_idx" ON "AuditLog"("roundId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");


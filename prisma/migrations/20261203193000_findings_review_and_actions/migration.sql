-- CreateEnum
CREATE TYPE "VisitReportStage" AS ENUM ('AWAITING_REVIEW', 'RETURNED', 'WITH_MANAGER', 'FINAL');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('OPEN', 'DONE', 'CLOSED');

-- CreateEnum
CREATE TYPE "ActionOwnerKind" AS ENUM ('MANAGER', 'OFFICER', 'MEMBER');

-- AlterEnum
ALTER TYPE "ReportStatus" ADD VALUE 'AWAITING_APPROVAL';

-- AlterTable
ALTER TABLE "Council" ADD COLUMN     "actionWorkingDaysHigh" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "actionWorkingDaysLow" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "actionWorkingDaysMedium" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "factualAccuracyWorkingDays" INTEGER NOT NULL DEFAULT 10;

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "approvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "commentary" TEXT;

-- AlterTable
ALTER TABLE "ReportDuty" ADD COLUMN     "reviewBeforeCirculation" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable: reports already stored were never reviewed, so they stand as final, and new ones start awaiting review.
ALTER TABLE "VisitReport" ADD COLUMN     "approvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "childrenSafeguarded" BOOLEAN,
ADD COLUMN     "finalisedAt" TIMESTAMPTZ(3),
ADD COLUMN     "managerComment" TEXT,
ADD COLUMN     "managerCommentDueOn" DATE,
ADD COLUMN     "managerCommentedAt" TIMESTAMPTZ(3),
ADD COLUMN     "noConflictDeclared" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "recordsInspected" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reviewAnswer" TEXT,
ADD COLUMN     "reviewQuestion" TEXT,
ADD COLUMN     "reviewedByOfficerId" UUID,
ADD COLUMN     "spokeWithChildrenInPrivate" BOOLEAN,
ADD COLUMN     "stage" "VisitReportStage" NOT NULL DEFAULT 'FINAL',
ADD COLUMN     "urgentAcknowledgedAt" TIMESTAMPTZ(3),
ADD COLUMN     "urgentAcknowledgedByOfficerId" UUID,
ADD COLUMN     "urgentRaisedAt" TIMESTAMPTZ(3),
ADD COLUMN     "wellbeingPromoted" BOOLEAN;

ALTER TABLE "VisitReport" ALTER COLUMN "stage" SET DEFAULT 'AWAITING_REVIEW';

-- CreateTable
CREATE TABLE "FindingAction" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "establishmentId" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "issueId" UUID,
    "recommendationId" UUID,
    "description" TEXT NOT NULL,
    "severity" "IssueSeverity",
    "ownerKind" "ActionOwnerKind" NOT NULL DEFAULT 'MANAGER',
    "ownerOfficerId" UUID,
    "ownerMemberId" UUID,
    "dueOn" DATE NOT NULL,
    "status" "ActionStatus" NOT NULL DEFAULT 'OPEN',
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FindingAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FindingActionUpdate" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "actionId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "kind" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "FindingActionUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FindingAction_issueId_key" ON "FindingAction"("issueId");

-- CreateIndex
CREATE UNIQUE INDEX "FindingAction_recommendationId_key" ON "FindingAction"("recommendationId");

-- CreateIndex
CREATE INDEX "FindingAction_councilId_status_dueOn_idx" ON "FindingAction"("councilId", "status", "dueOn");

-- CreateIndex
CREATE INDEX "FindingAction_establishmentId_status_idx" ON "FindingAction"("establishmentId", "status");

-- CreateIndex
CREATE INDEX "FindingActionUpdate_actionId_at_idx" ON "FindingActionUpdate"("actionId", "at");

-- CreateIndex
CREATE INDEX "VisitReport_councilId_stage_idx" ON "VisitReport"("councilId", "stage");

-- AddForeignKey
ALTER TABLE "FindingAction" ADD CONSTRAINT "FindingAction_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "VisitReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingActionUpdate" ADD CONSTRAINT "FindingActionUpdate_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "FindingAction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('COUNCILLOR', 'CO_OPTEE', 'CABINET_MEMBER', 'LEAD_MEMBER_CHILDREN', 'GROUP_LEADER', 'PANEL_CHAIR');

-- CreateEnum
CREATE TYPE "OfficerRole" AS ENUM ('ADMIN', 'OFFICER', 'READ_ONLY');

-- CreateEnum
CREATE TYPE "PanelKind" AS ENUM ('CYP_SCRUTINY', 'CORPORATE_PARENTING', 'FOSTERING', 'ADOPTION', 'OTHER');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('SCHEDULED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PoolPurpose" AS ENUM ('REG33_HOMES', 'REC41_OFFICES');

-- CreateEnum
CREATE TYPE "EstablishmentKind" AS ENUM ('CHILDRENS_HOME', 'SOCIAL_WORK_OFFICE');

-- CreateEnum
CREATE TYPE "ProgrammeStatus" AS ENUM ('ACTIVE', 'PAUSED', 'STOPPED');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('UNALLOCATED', 'ALLOCATED', 'REPORTED', 'MISSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('INVITED', 'ACCEPTED', 'DECLINED', 'LAPSED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "IssueCategory" AS ENUM ('SAFEGUARDING', 'CARE_QUALITY', 'PREMISES', 'STAFFING', 'EDUCATION', 'HEALTH', 'OTHER');

-- CreateEnum
CREATE TYPE "IssueSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "CourseKind" AS ENUM ('CORPORATE_PARENTING_INDUCTION', 'SAFEGUARDING_SEMINAR', 'PERFORMANCE_DATA', 'DBS_CHECK', 'OTHER');

-- CreateEnum
CREATE TYPE "RenewalBasis" AS ENUM ('COMPLETION_DATE', 'PREVIOUS_EXPIRY', 'FIXED_MUNICIPAL_YEAR');

-- CreateEnum
CREATE TYPE "TrainingSource" AS ENUM ('OFFICER', 'MEMBER_LINK', 'REGISTER_IMPORT');

-- CreateEnum
CREATE TYPE "PledgeStatus" AS ENUM ('DRAFT', 'OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "SignatureMethod" AS ENUM ('AT_EVENT', 'ONLINE');

-- CreateEnum
CREATE TYPE "ReportCadence" AS ENUM ('QUARTERLY', 'SIX_MONTHLY', 'ANNUAL', 'ONE_OFF');

-- CreateEnum
CREATE TYPE "YearBasis" AS ENUM ('MUNICIPAL', 'FINANCIAL');

-- CreateEnum
CREATE TYPE "ReportAuthoring" AS ENUM ('GENERATED', 'AUTHORED');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('DUE', 'SUBMITTED', 'CIRCULATED');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('OFFICER', 'MEMBER', 'SYSTEM');

-- CreateTable
CREATE TABLE "Council" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "municipalYearStartMonth" INTEGER NOT NULL DEFAULT 5,
    "financialYearStartMonth" INTEGER NOT NULL DEFAULT 4,
    "websiteUrl" TEXT,
    "alertsEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Council_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "ward" TEXT,
    "party" TEXT,
    "roles" "MemberRole"[],
    "joinedOn" DATE NOT NULL,
    "leftOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Officer" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "OfficerRole" NOT NULL DEFAULT 'OFFICER',
    "passwordHash" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Officer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "officerId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Panel" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PanelKind" NOT NULL,
    "clerkName" TEXT,
    "clerkEmail" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Panel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelDistribution" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "panelId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT,

    CONSTRAINT "PanelDistribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelMeeting" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "panelId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "location" TEXT NOT NULL,
    "status" "MeetingStatus" NOT NULL DEFAULT 'SCHEDULED',

    CONSTRAINT "PanelMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelSeat" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "panelId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE,

    CONSTRAINT "PanelSeat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pool" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" "PoolPurpose" NOT NULL,
    "approvedBy" TEXT NOT NULL,
    "approvedOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolMembership" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE,

    CONSTRAINT "PoolMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Establishment" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "EstablishmentKind" NOT NULL,
    "address" TEXT,
    "ofstedUrn" TEXT,
    "managerName" TEXT,
    "managerEmail" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Establishment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConflictOfInterest" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "establishmentId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConflictOfInterest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitProgramme" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "establishmentId" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "cadenceMonths" INTEGER NOT NULL DEFAULT 1,
    "visitorsPerVisit" INTEGER NOT NULL DEFAULT 1,
    "reminderDays" INTEGER[],
    "responseDays" INTEGER NOT NULL DEFAULT 5,
    "status" "ProgrammeStatus" NOT NULL DEFAULT 'ACTIVE',
    "startsOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitProgramme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "establishmentId" UUID NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "status" "VisitStatus" NOT NULL DEFAULT 'ALLOCATED',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitAssignment" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'INVITED',
    "invitedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "VisitAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitReport" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "submittedByMemberId" UUID,
    "recordedByOfficerId" UUID,
    "visitedOn" DATE NOT NULL,
    "spokeWithChildren" BOOLEAN NOT NULL,
    "spokeWithStaff" BOOLEAN NOT NULL,
    "summary" TEXT,
    "quotable" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitIssue" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "establishmentId" UUID NOT NULL,
    "category" "IssueCategory" NOT NULL,
    "severity" "IssueSeverity" NOT NULL,
    "description" TEXT NOT NULL,
    "resolvedOn" DATE,

    CONSTRAINT "VisitIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitRecommendation" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "dueBy" DATE,

    CONSTRAINT "VisitRecommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "CourseKind" NOT NULL,
    "validityMonths" INTEGER,
    "renewalBasis" "RenewalBasis" NOT NULL DEFAULT 'COMPLETION_DATE',
    "renewalWindowDays" INTEGER NOT NULL DEFAULT 60,
    "reminderDays" INTEGER[],
    "inductionWeeks" INTEGER,
    "requiresOfficerVerification" BOOLEAN NOT NULL DEFAULT false,
    "requiredForRoles" "MemberRole"[],
    "requiredForPanels" "PanelKind"[],
    "requiredForPools" "PoolPurpose"[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingRecord" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "completedOn" DATE NOT NULL,
    "expiresOn" DATE,
    "source" "TrainingSource" NOT NULL,
    "evidenceRef" TEXT,
    "verifiedByOfficerId" UUID,
    "verifiedAt" TIMESTAMPTZ(3),
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pledge" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "municipalYear" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "adoptedOn" DATE,
    "eventStartsAt" TIMESTAMPTZ(3),
    "eventEndsAt" TIMESTAMPTZ(3),
    "eventLocation" TEXT,
    "childrenInCareCouncilNote" TEXT,
    "status" "PledgeStatus" NOT NULL DEFAULT 'DRAFT',
    "commitmentRenewedOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeSignature" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "pledgeId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "method" "SignatureMethod" NOT NULL,
    "typedName" TEXT,
    "recordedByOfficerId" UUID,

    CONSTRAINT "PledgeSignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeRsvp" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "pledgeId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "attending" BOOLEAN NOT NULL,
    "respondedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PledgeRsvp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDuty" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "panelId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authoring" "ReportAuthoring" NOT NULL,
    "generator" TEXT,
    "cadence" "ReportCadence" NOT NULL,
    "yearBasis" "YearBasis" NOT NULL DEFAULT 'MUNICIPAL',
    "oneOffFrom" DATE,
    "oneOffMonths" INTEGER,
    "dueWorkingDaysBeforeMeeting" INTEGER NOT NULL DEFAULT 10,
    "ownerName" TEXT,
    "ownerEmail" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportDuty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "dutyId" UUID NOT NULL,
    "meetingId" UUID,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "ReportStatus" NOT NULL DEFAULT 'DUE',
    "dueOn" DATE,
    "html" TEXT,
    "csv" TEXT,
    "pdf" BYTEA,
    "link" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "circulatedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "toName" TEXT,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "status" "NotificationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedLink" (
    "id" TEXT NOT NULL,
    "councilId" UUID NOT NULL,
    "usedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsedLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Council_slug_key" ON "Council"("slug");

-- CreateIndex
CREATE INDEX "Member_councilId_leftOn_idx" ON "Member"("councilId", "leftOn");

-- CreateIndex
CREATE UNIQUE INDEX "Member_councilId_reference_key" ON "Member"("councilId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "Member_councilId_email_key" ON "Member"("councilId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Officer_councilId_email_key" ON "Officer"("councilId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_councilId_idx" ON "ApiToken"("councilId");

-- CreateIndex
CREATE UNIQUE INDEX "Panel_councilId_key_key" ON "Panel"("councilId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "PanelDistribution_panelId_email_key" ON "PanelDistribution"("panelId", "email");

-- CreateIndex
CREATE INDEX "PanelMeeting_councilId_startsAt_idx" ON "PanelMeeting"("councilId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "PanelMeeting_panelId_startsAt_key" ON "PanelMeeting"("panelId", "startsAt");

-- CreateIndex
CREATE INDEX "PanelSeat_councilId_panelId_idx" ON "PanelSeat"("councilId", "panelId");

-- CreateIndex
CREATE INDEX "PanelSeat_memberId_idx" ON "PanelSeat"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Pool_councilId_key_key" ON "Pool"("councilId", "key");

-- CreateIndex
CREATE INDEX "PoolMembership_poolId_fromDate_idx" ON "PoolMembership"("poolId", "fromDate");

-- CreateIndex
CREATE INDEX "PoolMembership_memberId_idx" ON "PoolMembership"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Establishment_councilId_key_key" ON "Establishment"("councilId", "key");

-- CreateIndex
CREATE INDEX "ConflictOfInterest_establishmentId_idx" ON "ConflictOfInterest"("establishmentId");

-- CreateIndex
CREATE UNIQUE INDEX "VisitProgramme_establishmentId_key" ON "VisitProgramme"("establishmentId");

-- CreateIndex
CREATE INDEX "Visit_councilId_status_periodEnd_idx" ON "Visit"("councilId", "status", "periodEnd");

-- CreateIndex
CREATE INDEX "Visit_councilId_periodStart_idx" ON "Visit"("councilId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "Visit_programmeId_periodStart_key" ON "Visit"("programmeId", "periodStart");

-- CreateIndex
CREATE INDEX "VisitAssignment_councilId_status_idx" ON "VisitAssignment"("councilId", "status");

-- CreateIndex
CREATE INDEX "VisitAssignment_memberId_idx" ON "VisitAssignment"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "VisitAssignment_visitId_memberId_key" ON "VisitAssignment"("visitId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "VisitReport_visitId_key" ON "VisitReport"("visitId");

-- CreateIndex
CREATE INDEX "VisitIssue_councilId_establishmentId_idx" ON "VisitIssue"("councilId", "establishmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Course_councilId_key_key" ON "Course"("councilId", "key");

-- CreateIndex
CREATE INDEX "TrainingRecord_councilId_expiresOn_idx" ON "TrainingRecord"("councilId", "expiresOn");

-- CreateIndex
CREATE INDEX "TrainingRecord_memberId_courseId_idx" ON "TrainingRecord"("memberId", "courseId");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingRecord_memberId_courseId_completedOn_key" ON "TrainingRecord"("memberId", "courseId", "completedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_councilId_municipalYear_key" ON "Pledge"("councilId", "municipalYear");

-- CreateIndex
CREATE UNIQUE INDEX "PledgeSignature_pledgeId_memberId_key" ON "PledgeSignature"("pledgeId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PledgeRsvp_pledgeId_memberId_key" ON "PledgeRsvp"("pledgeId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportDuty_councilId_key_key" ON "ReportDuty"("councilId", "key");

-- CreateIndex
CREATE INDEX "Report_councilId_status_dueOn_idx" ON "Report"("councilId", "status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "Report_dutyId_periodStart_version_key" ON "Report"("dutyId", "periodStart", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_councilId_status_createdAt_idx" ON "Notification"("councilId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_councilId_at_idx" ON "AuditEvent"("councilId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_councilId_entityType_entityId_idx" ON "AuditEvent"("councilId", "entityType", "entityId");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Officer" ADD CONSTRAINT "Officer_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Panel" ADD CONSTRAINT "Panel_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelDistribution" ADD CONSTRAINT "PanelDistribution_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelMeeting" ADD CONSTRAINT "PanelMeeting_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelSeat" ADD CONSTRAINT "PanelSeat_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PanelSeat" ADD CONSTRAINT "PanelSeat_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pool" ADD CONSTRAINT "Pool_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolMembership" ADD CONSTRAINT "PoolMembership_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "Pool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolMembership" ADD CONSTRAINT "PoolMembership_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Establishment" ADD CONSTRAINT "Establishment_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConflictOfInterest" ADD CONSTRAINT "ConflictOfInterest_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConflictOfInterest" ADD CONSTRAINT "ConflictOfInterest_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitProgramme" ADD CONSTRAINT "VisitProgramme_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitProgramme" ADD CONSTRAINT "VisitProgramme_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitProgramme" ADD CONSTRAINT "VisitProgramme_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "Pool"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "VisitProgramme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitAssignment" ADD CONSTRAINT "VisitAssignment_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitAssignment" ADD CONSTRAINT "VisitAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitReport" ADD CONSTRAINT "VisitReport_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitReport" ADD CONSTRAINT "VisitReport_submittedByMemberId_fkey" FOREIGN KEY ("submittedByMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitIssue" ADD CONSTRAINT "VisitIssue_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "VisitReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitRecommendation" ADD CONSTRAINT "VisitRecommendation_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "VisitReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRecord" ADD CONSTRAINT "TrainingRecord_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRecord" ADD CONSTRAINT "TrainingRecord_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeSignature" ADD CONSTRAINT "PledgeSignature_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeSignature" ADD CONSTRAINT "PledgeSignature_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeRsvp" ADD CONSTRAINT "PledgeRsvp_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeRsvp" ADD CONSTRAINT "PledgeRsvp_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDuty" ADD CONSTRAINT "ReportDuty_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportDuty" ADD CONSTRAINT "ReportDuty_panelId_fkey" FOREIGN KEY ("panelId") REFERENCES "Panel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_dutyId_fkey" FOREIGN KEY ("dutyId") REFERENCES "ReportDuty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "PanelMeeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_councilId_fkey" FOREIGN KEY ("councilId") REFERENCES "Council"("id") ON DELETE CASCADE ON UPDATE CASCADE;

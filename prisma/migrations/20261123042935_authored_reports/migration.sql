-- AlterTable
ALTER TABLE "ReportDuty" ADD COLUMN     "extraRecipients" TEXT[],
ADD COLUMN     "reminderDays" INTEGER[] DEFAULT ARRAY[10, 3]::INTEGER[];

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "file" BYTEA,
ADD COLUMN     "fileName" TEXT,
ADD COLUMN     "fileType" TEXT,
ADD COLUMN     "submittedAt" TIMESTAMPTZ(3),
ADD COLUMN     "submittedBy" TEXT,
ADD COLUMN     "workflowId" TEXT;


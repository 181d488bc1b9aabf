-- AlterTable
ALTER TABLE "Pledge" ADD COLUMN     "chaseEveryDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "chaseRounds" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "confirmedAt" TIMESTAMPTZ(3),
ADD COLUMN     "eventReminderDays" INTEGER[] DEFAULT ARRAY[7, 1]::INTEGER[],
ADD COLUMN     "firstCouncilMeetingOn" DATE,
ADD COLUMN     "tellGroupLeaders" BOOLEAN NOT NULL DEFAULT false;


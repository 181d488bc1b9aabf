-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "electedOn" DATE;

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "published" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "renewAfterElection" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "TrainingRecord" ADD COLUMN     "recordedByOfficerId" UUID;


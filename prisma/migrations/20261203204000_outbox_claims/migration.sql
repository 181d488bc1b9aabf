-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "claimToken" UUID,
ADD COLUMN     "claimedUntil" TIMESTAMPTZ(3);

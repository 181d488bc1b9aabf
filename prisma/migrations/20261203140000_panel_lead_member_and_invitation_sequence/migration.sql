-- AlterTable
ALTER TABLE "Panel" ADD COLUMN     "leadMemberId" UUID;

-- AlterTable
ALTER TABLE "PanelMeeting" ADD COLUMN     "invitedAt" TIMESTAMPTZ(3),
ADD COLUMN     "sequence" INTEGER NOT NULL DEFAULT 0;

-- AddForeignKey
ALTER TABLE "Panel" ADD CONSTRAINT "Panel_leadMemberId_fkey" FOREIGN KEY ("leadMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Panel" ADD COLUMN     "chairMemberId" UUID;

-- AddForeignKey
ALTER TABLE "Panel" ADD CONSTRAINT "Panel_chairMemberId_fkey" FOREIGN KEY ("chairMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- CreateEnum
CREATE TYPE "PasswordLinkPurpose" AS ENUM ('INVITE', 'RESET');

-- AlterTable
ALTER TABLE "Council" ADD COLUMN     "replyToEmail" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "replyTo" TEXT;

-- CreateTable
CREATE TABLE "PasswordLink" (
    "id" UUID NOT NULL,
    "councilId" UUID NOT NULL,
    "officerId" UUID NOT NULL,
    "purpose" "PasswordLinkPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PasswordLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PasswordLink_tokenHash_key" ON "PasswordLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordLink_officerId_idx" ON "PasswordLink"("officerId");

-- AddForeignKey
ALTER TABLE "PasswordLink" ADD CONSTRAINT "PasswordLink_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

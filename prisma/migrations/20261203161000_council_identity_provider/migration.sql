-- AlterTable
ALTER TABLE "Council" ADD COLUMN     "oidcClientId" TEXT,
ADD COLUMN     "oidcClientSecret" TEXT,
ADD COLUMN     "oidcIssuer" TEXT;

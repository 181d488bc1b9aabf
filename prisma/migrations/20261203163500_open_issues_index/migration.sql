-- CreateIndex
CREATE INDEX "VisitIssue_councilId_resolvedOn_idx" ON "VisitIssue"("councilId", "resolvedOn");

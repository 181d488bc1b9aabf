-- CreateIndex
CREATE INDEX "VisitReport_councilId_urgentRaisedAt_idx" ON "VisitReport"("councilId", "urgentRaisedAt");

-- CreateIndex
CREATE INDEX "FindingAction_councilId_createdAt_idx" ON "FindingAction"("councilId", "createdAt");

-- CreateIndex
CREATE INDEX "FindingAction_councilId_resolvedAt_idx" ON "FindingAction"("councilId", "resolvedAt");

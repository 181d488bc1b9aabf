import { proxyActivities } from '@temporalio/workflow';

import type { ReportActivities } from '../activities/reports';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

// Rendering a PDF for a large council takes longer than a database write.
const { prepareReport } = proxyActivities<ReportActivities>({ ...dataActivityOptions, startToCloseTimeout: '10 minutes' });
const { circulateReport } = proxyActivities<ReportActivities>({ ...emailActivityOptions, startToCloseTimeout: '30 minutes' });

export interface PanelReportInput {
  dutyId: string;
  /** A period to (re)produce; absent when the schedule runs it for the period just ended. */
  periodStart?: string;
  /** Produce a new version even if this period's report exists. */
  regenerate?: boolean;
}

export interface PanelReportResult {
  reportId: string;
  version: number;
  sent: number;
  failed: number;
}

/** The schedule ID of a duty, and the ID prefix of the workflows it starts. */
export const reportDutyScheduleId = (dutyId: string) => `report-duty:${dutyId}`;

/**
 * Builds a generated panel report and circulates it. Run by the duty's
 * schedule for the period just ended, or by an officer for any period.
 */
export async function panelReport(input: PanelReportInput): Promise<PanelReportResult> {
  const prepared = await prepareReport({ ...input, asOf: new Date(Date.now()).toISOString() });
  const circulation = await circulateReport(prepared.reportId);
  return { reportId: prepared.reportId, version: prepared.version, ...circulation };
}

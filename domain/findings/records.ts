/**
 * The records a visitor may inspect (Children's Homes Regulations 2015,
 * reg 44(4)(c) and Schedule 4: "records of events and complaints"), as the
 * report form lists them. The keys are stored in VisitReport.recordsInspected.
 */
export const RECORDS_INSPECTED = [
  'complaints',
  'incidents',
  'restraint',
  'missing-from-home',
  'daily-logs',
  'staff-rota',
  'medication',
  'education',
  'health',
] as const;
export type RecordInspected = (typeof RECORDS_INSPECTED)[number];

export const RECORD_LABELS: Record<RecordInspected, string> = {
  complaints: 'Complaints',
  incidents: 'Incidents and notifications to Ofsted',
  restraint: 'Restraint and other measures of control',
  'missing-from-home': 'Children missing from the home',
  'daily-logs': 'Children’s daily logs',
  'staff-rota': 'Staff rota',
  medication: 'Medication',
  education: 'Education',
  health: 'Health',
};

/** The records as a sentence, in the form's order: "Complaints; Staff rota", or "None". */
export function recordsInspectedText(keys: readonly string[]): string {
  const labels = RECORDS_INSPECTED.filter((key) => keys.includes(key)).map((key) => RECORD_LABELS[key]);
  return labels.length ? labels.join('; ') : 'None';
}

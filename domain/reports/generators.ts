/** The reports the engine builds from its own data (ReportDuty.generator), with what each is. */
export const GENERATOR_TITLES = {
  'visit-summary:REG33_HOMES': 'Regulation 33 visits to children’s homes',
  'visit-summary:REC41_OFFICES': 'Recommendation 41 visits to social work offices',
  'training-annual': 'Member training: annual report',
  'compliance-overview': 'Corporate parenting compliance overview',
} as const;

export type ReportGenerator = keyof typeof GENERATOR_TITLES;

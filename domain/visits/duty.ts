/** The statutory basis of a visit, as officers and members know it. */
export type VisitDutyKind = 'REG33_HOMES' | 'REC41_OFFICES';

export const VISIT_DUTY = {
  REG33_HOMES: { name: 'Regulation 33 visit', place: "children's home" },
  REC41_OFFICES: { name: 'Recommendation 41 visit', place: 'social work office' },
} as const satisfies Record<VisitDutyKind, { name: string; place: string }>;

import type { CourseKind, MemberRole, PanelKind, PoolPurpose, RenewalBasis } from '../prisma/generated/client';
import type { ReportGenerator } from './reports/generators';

/**
 * The standard set-up an English council starts from: the courses the
 * scrutiny reviews ask for, the two panels that receive the reports, and the
 * reports those panels are owed. Both the demo seed and a new council's
 * set-up take their definitions from here; every item stays editable.
 */

export interface StandardCourse {
  key: string;
  title: string;
  kind: CourseKind;
  /** Null when the course never expires. */
  validityMonths: number | null;
  renewalBasis: RenewalBasis;
  inductionWeeks: number | null;
  requiresOfficerVerification: boolean;
  renewAfterElection: boolean;
  renewalWindowDays: number;
  reminderDays: number[];
  requiredForRoles: MemberRole[];
  requiredForPanels: PanelKind[];
  requiredForPools: PoolPurpose[];
}

export interface StandardPanel {
  key: string;
  name: string;
  kind: PanelKind;
}

export interface StandardReportDuty {
  key: string;
  title: string;
  generator: ReportGenerator;
  cadence: 'QUARTERLY' | 'SIX_MONTHLY' | 'ANNUAL';
  /** The key of the standard panel that receives it. */
  panelKey: string;
}

const REMINDERS = { renewalWindowDays: 60, reminderDays: [60, 30, 7] };

export const STANDARD_COURSES: readonly StandardCourse[] = [
  {
    key: 'corporate-parenting-induction',
    title: 'Corporate parenting induction',
    kind: 'CORPORATE_PARENTING_INDUCTION',
    validityMonths: null,
    renewalBasis: 'COMPLETION_DATE',
    inductionWeeks: 8,
    requiresOfficerVerification: false,
    // Done again after each election.
    renewAfterElection: true,
    ...REMINDERS,
    requiredForRoles: ['COUNCILLOR', 'CO_OPTEE'],
    requiredForPanels: [],
    requiredForPools: [],
  },
  {
    key: 'safeguarding-seminar',
    title: 'Safeguarding children seminar',
    kind: 'SAFEGUARDING_SEMINAR',
    validityMonths: 12,
    renewalBasis: 'PREVIOUS_EXPIRY',
    inductionWeeks: null,
    requiresOfficerVerification: false,
    renewAfterElection: false,
    ...REMINDERS,
    requiredForRoles: ['COUNCILLOR'],
    requiredForPanels: ['CORPORATE_PARENTING', 'CYP_SCRUTINY'],
    requiredForPools: ['REG33_HOMES', 'REC41_OFFICES'],
  },
  {
    key: 'performance-data',
    title: "Understanding children's services performance data",
    kind: 'PERFORMANCE_DATA',
    validityMonths: 12,
    renewalBasis: 'FIXED_MUNICIPAL_YEAR',
    inductionWeeks: null,
    requiresOfficerVerification: false,
    renewAfterElection: false,
    ...REMINDERS,
    requiredForRoles: [],
    requiredForPanels: ['CORPORATE_PARENTING', 'CYP_SCRUTINY'],
    requiredForPools: [],
  },
  {
    key: 'dbs-check',
    title: 'Enhanced DBS check',
    kind: 'DBS_CHECK',
    validityMonths: 36,
    renewalBasis: 'COMPLETION_DATE',
    inductionWeeks: 8,
    requiresOfficerVerification: true,
    renewAfterElection: false,
    ...REMINDERS,
    requiredForRoles: ['COUNCILLOR', 'CO_OPTEE'],
    requiredForPanels: [],
    requiredForPools: ['REG33_HOMES', 'REC41_OFFICES'],
  },
];

export const STANDARD_PANELS: readonly StandardPanel[] = [
  { key: 'cyp-scrutiny', name: 'Children and Young People Scrutiny Panel', kind: 'CYP_SCRUTINY' },
  { key: 'corporate-parenting', name: 'Corporate Parenting Panel', kind: 'CORPORATE_PARENTING' },
];

/** The generated reports the CYP Scrutiny Panel receives. */
export const STANDARD_REPORT_DUTIES: readonly StandardReportDuty[] = [
  {
    key: 'reg33-quarterly',
    title: 'Regulation 33 visits: quarterly summary',
    generator: 'visit-summary:REG33_HOMES',
    cadence: 'QUARTERLY',
    panelKey: 'cyp-scrutiny',
  },
  {
    key: 'rec41-six-monthly',
    title: 'Recommendation 41 visits: six-monthly summary',
    generator: 'visit-summary:REC41_OFFICES',
    cadence: 'SIX_MONTHLY',
    panelKey: 'cyp-scrutiny',
  },
  {
    key: 'training-annual',
    title: 'Member training: annual report',
    generator: 'training-annual',
    cadence: 'ANNUAL',
    panelKey: 'cyp-scrutiny',
  },
  {
    key: 'compliance-overview',
    title: 'Corporate parenting compliance overview',
    generator: 'compliance-overview',
    cadence: 'SIX_MONTHLY',
    panelKey: 'cyp-scrutiny',
  },
];

/** One item of the standard set-up, as offered on a form: "course:dbs-check", "panel:cyp-scrutiny", "report-duty:reg33-quarterly". */
export type StandardItemKind = 'course' | 'panel' | 'report-duty';

export interface StandardItem {
  kind: StandardItemKind;
  key: string;
  title: string;
}

export const standardItemId = (item: Pick<StandardItem, 'kind' | 'key'>) => `${item.kind}:${item.key}`;

/** Every standard item, panels first since report duties need theirs. */
export const STANDARD_ITEMS: readonly StandardItem[] = [
  ...STANDARD_PANELS.map((panel) => ({ kind: 'panel' as const, key: panel.key, title: panel.name })),
  ...STANDARD_COURSES.map((course) => ({ kind: 'course' as const, key: course.key, title: course.title })),
  ...STANDARD_REPORT_DUTIES.map((duty) => ({ kind: 'report-duty' as const, key: duty.key, title: duty.title })),
];

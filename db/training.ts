import { fromDbDate } from '../domain/calendar';
import type { Completion, PositionRules } from '../domain/training/position';

/** A training record as the training rules see it. */
export function completionOf(record: { completedOn: Date; expiresOn: Date | null; verifiedAt: Date | null }): Completion {
  return {
    completedOn: fromDbDate(record.completedOn),
    expiresOn: record.expiresOn ? fromDbDate(record.expiresOn) : null,
    verified: record.verifiedAt !== null,
  };
}

export function positionRulesOf(course: {
  renewalWindowDays: number;
  inductionWeeks: number | null;
  requiresOfficerVerification: boolean;
  renewAfterElection: boolean;
}): PositionRules {
  return {
    renewalWindowDays: course.renewalWindowDays,
    inductionWeeks: course.inductionWeeks,
    requiresVerification: course.requiresOfficerVerification,
    renewAfterElection: course.renewAfterElection,
  };
}

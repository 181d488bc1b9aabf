import { addDays, type IsoDate } from '../calendar';

export interface Completion {
  completedOn: IsoDate;
  /** Last valid day; null if it never expires. */
  expiresOn: IsoDate | null;
  /** False while a member-confirmed completion waits for an officer (on courses that require it). */
  verified: boolean;
}

export interface PositionRules {
  renewalWindowDays: number;
  /** Weeks from the requirement starting to the first completion; null: due at once. */
  inductionWeeks: number | null;
  requiresVerification: boolean;
  renewAfterElection: boolean;
}

export type TrainingState = 'VALID' | 'DUE_SOON' | 'LAPSED' | 'NEVER_DONE';

export interface TrainingPosition {
  required: boolean;
  state: TrainingState;
  /** The last completion that counts. */
  lastCompletedOn: IsoDate | null;
  /** Last valid day of that completion (null: never expires, or none). */
  validUntil: IsoDate | null;
  /** The date to act by: the expiry, or the induction deadline for a course never done. */
  dueBy: IsoDate | null;
  /** First day of the renewal window, when there is one. */
  windowOpensOn: IsoDate | null;
  /** Never done and past the deadline. */
  overdue: boolean;
  /** A completion the member confirmed is waiting for an officer to verify it. */
  awaitingVerification: boolean;
}

/**
 * A member's position on a course on a date: which completions count (verified
 * where the course requires it; after the latest election where the course is
 * renewed then), the one valid longest, and what is due by when.
 */
export function trainingPosition(input: {
  completions: readonly Completion[];
  requiredSince: IsoDate | null;
  electedOn: IsoDate | null;
  rules: PositionRules;
  on: IsoDate;
}): TrainingPosition {
  const { rules, on } = input;
  const counts = (completion: Completion) =>
    completion.completedOn <= on &&
    (completion.verified || !rules.requiresVerification) &&
    !(rules.renewAfterElection && input.electedOn && completion.completedOn < input.electedOn);
  const counted = input.completions.filter(counts);
  const best = [...counted].sort(
    (a, b) => (b.expiresOn ?? '9999-12-31').localeCompare(a.expiresOn ?? '9999-12-31') || b.completedOn.localeCompare(a.completedOn),
  )[0];
  const awaitingVerification = input.completions.some(
    (completion) => rules.requiresVerification && !completion.verified && (!best || completion.completedOn > best.completedOn),
  );
  const base = {
    required: input.requiredSince !== null,
    lastCompletedOn: best?.completedOn ?? null,
    validUntil: best?.expiresOn ?? null,
    awaitingVerification,
  };
  if (best && (best.expiresOn === null || best.expiresOn >= on)) {
    const windowOpensOn = best.expiresOn && addDays(best.expiresOn, -rules.renewalWindowDays);
    return {
      ...base,
      state: windowOpensOn && on >= windowOpensOn ? 'DUE_SOON' : 'VALID',
      dueBy: best.expiresOn,
      windowOpensOn,
      overdue: false,
    };
  }
  if (best) return { ...base, state: 'LAPSED', dueBy: best.expiresOn, windowOpensOn: null, overdue: true };
  const dueBy = input.requiredSince && addDays(input.requiredSince, (rules.inductionWeeks ?? 0) * 7);
  return { ...base, state: 'NEVER_DONE', dueBy, windowOpensOn: null, overdue: dueBy !== null && on > dueBy };
}

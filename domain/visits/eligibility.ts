import { formatDate, isWithin, type IsoDate } from '../calendar';
import { trainingPosition, type Completion, type PositionRules } from '../training/position';

export interface TrainingFact {
  courseTitle: string;
  completions: Completion[];
  rules: PositionRules;
}

/** What decides whether a member may visit an establishment on a date. */
export interface EligibilityFacts {
  leftOn: IsoDate | null;
  electedOn: IsoDate | null;
  /** Conflicts of interest an officer recorded (reg 43), for this establishment. */
  conflicts: Array<{ from: IsoDate; to: IsoDate | null; reason: string }>;
  /** Courses the pool's purpose requires (e.g. safeguarding seminar, DBS check). */
  requiredTraining: TrainingFact[];
}

/**
 * Why a member may not visit on `on`, one plain sentence per reason; an empty
 * list means eligible. Training counts as the training duty counts it
 * (verified where required, after the latest election where renewed then), so
 * a member drops out of the rota the day a required course lapses.
 */
export function ineligibilityReasons(facts: EligibilityFacts, on: IsoDate): string[] {
  const reasons: string[] = [];
  if (facts.leftOn && facts.leftOn <= on) reasons.push(`left the council on ${formatDate(facts.leftOn)}`);
  for (const conflict of facts.conflicts) {
    if (isWithin(on, conflict.from, conflict.to)) reasons.push(`has a recorded conflict of interest: ${conflict.reason}`);
  }
  for (const course of facts.requiredTraining) {
    const position = trainingPosition({
      completions: course.completions,
      requiredSince: on,
      electedOn: facts.electedOn,
      rules: course.rules,
      on,
    });
    if (position.state === 'VALID' || position.state === 'DUE_SOON') continue;
    if (position.state === 'LAPSED') reasons.push(`${course.courseTitle} lapsed on ${formatDate(position.validUntil!)}`);
    else
      reasons.push(
        `${course.courseTitle} has not been recorded${position.awaitingVerification ? ' (a completion awaits an officer’s check)' : ''}`,
      );
  }
  return reasons;
}

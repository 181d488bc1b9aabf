import { formatDate, isWithin, type IsoDate } from '../calendar';

export interface TrainingFact {
  courseTitle: string;
  /** Completions, newest first: completed on, and expiry (null if it never expires). */
  completions: Array<{ completedOn: IsoDate; expiresOn: IsoDate | null }>;
}

/** What decides whether a member may visit an establishment on a date. */
export interface EligibilityFacts {
  leftOn: IsoDate | null;
  /** Conflicts of interest an officer recorded (reg 43), for this establishment. */
  conflicts: Array<{ from: IsoDate; to: IsoDate | null; reason: string }>;
  /** Courses the pool's purpose requires (e.g. safeguarding seminar, DBS check). */
  requiredTraining: TrainingFact[];
}

/**
 * Why a member may not visit on `on`, one plain sentence per reason; an empty
 * list means eligible. The training rule lets the training duty take members
 * out of the rota the day a required course lapses.
 */
export function ineligibilityReasons(facts: EligibilityFacts, on: IsoDate): string[] {
  const reasons: string[] = [];
  if (facts.leftOn && facts.leftOn <= on) reasons.push(`left the council on ${formatDate(facts.leftOn)}`);
  for (const conflict of facts.conflicts) {
    if (isWithin(on, conflict.from, conflict.to)) reasons.push(`has a recorded conflict of interest: ${conflict.reason}`);
  }
  for (const course of facts.requiredTraining) {
    const valid = course.completions.some((done) => done.completedOn <= on && (done.expiresOn === null || done.expiresOn >= on));
    if (valid) continue;
    const lastExpiry = course.completions.find((done) => done.completedOn <= on)?.expiresOn;
    reasons.push(lastExpiry ? `${course.courseTitle} lapsed on ${formatDate(lastExpiry)}` : `${course.courseTitle} has not been recorded`);
  }
  return reasons;
}

import { isWithin, type IsoDate } from '../calendar';
import { ineligibilityReasons, type EligibilityFacts } from './eligibility';

export interface RotaCandidate {
  memberId: string;
  /** The member's stable reference: the final, deterministic tie-break. */
  reference: string;
  /** Spells of pool membership. */
  membership: Array<{ from: IsoDate; to: IsoDate | null }>;
  /** From ineligibilityReasons(); empty when eligible. */
  ineligibleBecause: string[];
  /** Visits allocated to the member in the 12 months before the allocation date, at any establishment. */
  visitsInLast12Months: number;
  /** The member's most recent visit anywhere, or null. */
  lastVisitOn: IsoDate | null;
}

export interface RotaRequest {
  /** The allocation date. */
  on: IsoDate;
  /** The last day of the visit period: a visitor must still be in the pool then. */
  periodEnd: IsoDate;
  needed: number;
  candidates: RotaCandidate[];
  /** Who visited this establishment last time: never the same member twice running. */
  previousVisitors: string[];
  /** Already asked for this visit (declined, did not answer, or already allocated). */
  alreadyAsked: string[];
}

export interface RotaDecision {
  chosen: string[];
  /** How many visitors are still missing after this allocation. */
  shortfall: number;
  /** Every candidate not chosen and why, for the officer. */
  passedOver: Array<{ memberId: string; reason: string }>;
}

/**
 * The fair rota. A candidate must be in the pool from the allocation date to
 * the end of the period and eligible (left, conflict, training), must not have
 * visited this establishment last time, and must not already have been asked
 * for this visit. Among the rest: fewest visits in the last 12 months first,
 * then longest since their last visit, then member reference.
 */
export function allocateVisitors(request: RotaRequest): RotaDecision {
  const passedOver: RotaDecision['passedOver'] = [];
  const available = request.candidates.filter((candidate) => {
    const reason = exclusionOf(candidate, request);
    if (reason) passedOver.push({ memberId: candidate.memberId, reason });
    return !reason;
  });
  available.sort(
    (a, b) =>
      a.visitsInLast12Months - b.visitsInLast12Months ||
      (a.lastVisitOn ?? '').localeCompare(b.lastVisitOn ?? '') ||
      a.reference.localeCompare(b.reference),
  );
  const chosen = available.slice(0, request.needed).map((candidate) => candidate.memberId);
  for (const candidate of available.slice(request.needed)) {
    passedOver.push({ memberId: candidate.memberId, reason: 'others were due a visit first' });
  }
  return { chosen, shortfall: request.needed - chosen.length, passedOver };
}

function exclusionOf(candidate: RotaCandidate, request: RotaRequest): string | null {
  const inPool = candidate.membership.some(
    (spell) => isWithin(request.on, spell.from, spell.to) && isWithin(request.periodEnd, spell.from, spell.to),
  );
  if (!inPool) return 'not in the pool for the whole period';
  if (candidate.ineligibleBecause.length) return candidate.ineligibleBecause.join('; ');
  if (request.alreadyAsked.includes(candidate.memberId)) return 'already asked for this visit';
  if (request.previousVisitors.includes(candidate.memberId)) return 'visited this establishment last time';
  return null;
}

/** The rota counts each member's visits over this many months before the allocation date. */
export const ROTA_HISTORY_MONTHS = 12;

/** What is known about one pool member when a visit is allocated, before the rules are applied. */
export interface CandidateFacts {
  memberId: string;
  reference: string;
  /** Spells of pool membership. */
  membership: Array<{ from: IsoDate; to: IsoDate | null }>;
  eligibility: EligibilityFacts;
  /** The period starts of the member's visits, anywhere, in the ROTA_HISTORY_MONTHS before the allocation date. */
  recentVisits: IsoDate[];
}

/** A pool member as the rota weighs them on `on`: eligible or why not, and how recently they visited. */
export function rotaCandidate(facts: CandidateFacts, on: IsoDate): RotaCandidate {
  return {
    memberId: facts.memberId,
    reference: facts.reference,
    membership: facts.membership,
    ineligibleBecause: ineligibilityReasons(facts.eligibility, on),
    visitsInLast12Months: facts.recentVisits.length,
    lastVisitOn: [...facts.recentVisits].sort().at(-1) ?? null,
  };
}

/**
 * Who counts as already asked for a visit: everyone invited to it except
 * those withdrawn because the programme was paused, who may be asked again
 * when it resumes.
 */
export function alreadyAskedFor(assignments: ReadonlyArray<{ memberId: string; status: string }>): string[] {
  return assignments.filter((assignment) => assignment.status !== 'WITHDRAWN').map((assignment) => assignment.memberId);
}

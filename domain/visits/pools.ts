import { formatDate, isWithin, type IsoDate } from '../calendar';
import type { VisitDutyKind } from './duty';

/** The places visited: children's homes under Regulation 33, social work offices under Recommendation 41. */
export type EstablishmentKind = 'CHILDRENS_HOME' | 'SOCIAL_WORK_OFFICE';

/** Which pool's members visit a home or an office: a Regulation 33 pool for homes, a Recommendation 41 pool for offices. */
export function poolPurposeFor(kind: EstablishmentKind): VisitDutyKind {
  return kind === 'CHILDRENS_HOME' ? 'REG33_HOMES' : 'REC41_OFFICES';
}

/** Regulation 33 visits are monthly by law; offices default to quarterly. */
export function defaultCadenceMonths(duty: VisitDutyKind): number {
  return duty === 'REG33_HOMES' ? 1 : 3;
}

/** Whether a cadence is lawful for the duty: Regulation 33 visits to children's homes are monthly. */
export function cadenceAllowed(duty: VisitDutyKind, cadenceMonths: number): boolean {
  return duty !== 'REG33_HOMES' || cadenceMonths === 1;
}

/** A spell of pool membership; `to` is the last day in the pool, null while the member stays. */
export interface Spell {
  from: IsoDate;
  to: IsoDate | null;
}

/** Two spells overlap when the later one starts within the earlier one. */
export const spellsOverlap = (a: Spell, b: Spell): boolean => isWithin(a.from, b.from, b.to) || isWithin(b.from, a.from, a.to);

/** "from Monday 1 June 2026 to Monday 30 November 2026", or "… with no end date". */
export const describeSpell = (spell: Spell): string =>
  `from ${formatDate(spell.from)} ${spell.to === null ? 'with no end date' : `to ${formatDate(spell.to)}`}`;

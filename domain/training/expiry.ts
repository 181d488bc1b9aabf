import { addDays, addMonths, municipalYearOf, type IsoDate } from '../calendar';

export type RenewalBasis = 'COMPLETION_DATE' | 'PREVIOUS_EXPIRY' | 'FIXED_MUNICIPAL_YEAR';

export interface ExpiryRules {
  /** Null: the course never expires. */
  validityMonths: number | null;
  renewalBasis: RenewalBasis;
  /** Renewal opens this many days before expiry (and before the municipal year ends, for that basis). */
  renewalWindowDays: number;
  municipalYearStartMonth?: number;
}

/**
 * The last day a completion is valid. From the completion date, the anniversary
 * (31 January + 1 month is the end of February; 29 February + 12 months is
 * 28 February). From the previous expiry, renewing inside the window loses no
 * time. For a fixed municipal-year course, the end of the municipal year it
 * was done in, or of the next one when done inside the window before year end.
 */
export function expiryFor(rules: ExpiryRules, completedOn: IsoDate, previousExpiry: IsoDate | null): IsoDate | null {
  const months = rules.validityMonths;
  if (months === null) return null;
  switch (rules.renewalBasis) {
    case 'COMPLETION_DATE':
      return addMonths(completedOn, months);
    case 'PREVIOUS_EXPIRY': {
      const renewedInWindow =
        previousExpiry !== null && completedOn <= previousExpiry && completedOn >= addDays(previousExpiry, -rules.renewalWindowDays);
      return addMonths(renewedInWindow ? previousExpiry : completedOn, months);
    }
    case 'FIXED_MUNICIPAL_YEAR': {
      const year = municipalYearOf(completedOn, rules.municipalYearStartMonth);
      const countsFor =
        completedOn >= addDays(year.end, -rules.renewalWindowDays)
          ? municipalYearOf(addDays(year.end, 1), rules.municipalYearStartMonth)
          : year;
      return addMonths(countsFor.end, months - 12);
    }
  }
}

/** Figures as the reports give them: totals, rates, and rates as the whole percents a reader sees, in words. */

export const sumOf = (values: number[]): number => values.reduce((sum, value) => sum + value, 0);

/** part / whole, 0 to 1; null (never 0) when there was nothing to measure. */
export const rateOf = (part: number, whole: number): number | null => (whole ? part / whole : null);

/**
 * A rate as the whole percent the reader sees. Rounding never shows 100% while
 * something is outstanding, nor 0% when something was done.
 */
export function wholePercent(rate: number | null): number | null {
  if (rate === null) return null;
  const rounded = Math.round(rate * 100);
  if (rounded === 100 && rate < 1) return 99;
  if (rounded === 0 && rate > 0) return 1;
  return rounded;
}

/** Whole percentage points from one rate to another, taken between the percents the reader sees so the figures add up; null without both. */
export function pointsBetween(now: number | null, before: number | null): number | null {
  const [nowPercent, beforePercent] = [wholePercent(now), wholePercent(before)];
  return nowPercent === null || beforePercent === null ? null : nowPercent - beforePercent;
}

/** "67%", or "n/a" where there is no percent. */
export const percentText = (percent: number | null): string => (percent === null ? 'n/a' : `${percent}%`);

/** A rate as its whole percent in words: "67%", or "n/a" when there was nothing to measure. */
export const rateText = (rate: number | null): string => percentText(wholePercent(rate));

/** "1 percentage point", "6 percentage points": the size of a change, up or down. */
export function percentagePointsText(points: number): string {
  const size = Math.abs(points);
  return `${size} percentage ${size === 1 ? 'point' : 'points'}`;
}

import { wholePercent } from './figures';

/** One bar: a whole percent, and the previous period's to set it against. */
export interface Bar {
  label: string;
  value: number;
  /** Null when there is no previous percent. */
  previous: number | null;
}

/** A chart of percents, as the email and the PDF both draw it. */
export interface BarChart {
  title: string;
  bars: Bar[];
  /**
   * Whether every bar is set against the previous period, so that one without a previous percent says so
   * ("previous n/a"); otherwise such a bar is simply not compared.
   */
  comparesEveryBar: boolean;
}

/** A rate to chart, 0 to 1, and the previous period's; null where there was nothing to measure. */
export interface ChartRate {
  label: string;
  rate: number | null;
  previousRate: number | null;
}

/** Bars for the rates there are: a rate with nothing to measure has no bar, since 0% would read as "none done". */
export const barsOf = (rates: ChartRate[]): Bar[] =>
  rates.flatMap(({ label, rate, previousRate }) => {
    const value = wholePercent(rate);
    return value === null ? [] : [{ label, value, previous: wholePercent(previousRate) }];
  });

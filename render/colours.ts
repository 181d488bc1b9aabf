/** The reports' palette, shared by the email and the PDF so both look alike. Text colours meet WCAG AA contrast on white. */
export const COLOURS = {
  text: '#0b0c0c',
  muted: '#505a5f',
  rule: '#b1b4b6',
  shade: '#f3f2f1',
  /** What needs action; always said in words as well. */
  alert: '#d4351c',
};

/** A chart's bars, in the email and the PDF alike: how much is done, on a track for the whole. */
export const CHART_COLOURS = { bar: '#0b4f6c', track: '#dee0e2' };

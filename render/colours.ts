/** The reports' palette, shared by the email and the PDF so both look alike. Text colours meet WCAG AA contrast on white. */
export const COLOURS = {
  text: '#0b0c0c',
  muted: '#505a5f',
  rule: '#b1b4b6',
  shade: '#f3f2f1',
  /** What needs action; always said in words as well. */
  alert: '#d4351c',
};

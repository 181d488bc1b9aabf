import { z } from 'zod';

/** A bound of a whole number, and what to say when a number passes it. */
type Bound = [limit: number, refusal: string];

/**
 * A whole number typed in a form or a file (text, coerced), refused with `notWhole` when it is not one
 * and with a bound's refusal when it passes that bound.
 */
export const wholeNumber = (notWhole: string, [min, belowMin]: Bound, [max, aboveMax]: Bound) =>
  z.coerce.number({ error: notWhole }).int(notWhole).min(min, belowMin).max(max, aboveMax);

/** A whole number from `min` to `max` with one refusal for all that is not. */
export const wholeNumberFrom = (min: number, max: number, refusal: string) => wholeNumber(refusal, [min, refusal], [max, refusal]);

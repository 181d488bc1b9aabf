import { toDbDate, type IsoDate } from '../domain/calendar';
import type { Prisma } from '../prisma/generated/client';

/** Serving on a day: joined by then and not yet left (the day they leave is their first day not serving). */
export const servingOn = (day: IsoDate) =>
  ({ joinedOn: { lte: toDbDate(day) }, OR: [{ leftOn: null }, { leftOn: { gt: toDbDate(day) } }] }) satisfies Prisma.MemberWhereInput;

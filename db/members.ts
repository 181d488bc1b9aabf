import { toDbDate, type IsoDate } from '../domain/calendar';
import type { Prisma } from '../prisma/generated/client';

/** Serving on a day: joined by then and not yet left (the day they leave is their first day not serving). */
export const servingOn = (day: IsoDate) =>
  ({ joinedOn: { lte: toDbDate(day) }, OR: [{ leftOn: null }, { leftOn: { gt: toDbDate(day) } }] }) satisfies Prisma.MemberWhereInput;

/** A panel seat or pool spell that covers a day: begun by then and not ended before it (its last day is within it). */
export const spanCovering = (day: IsoDate) =>
  ({ fromDate: { lte: toDbDate(day) }, OR: [{ toDate: null }, { toDate: { gte: toDbDate(day) } }] }) satisfies Prisma.PanelSeatWhereInput &
    Prisma.PoolMembershipWhereInput;

import { formatDate, fromDbDate, localDateOf } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { VISIT_DUTY } from '../../domain/visits/duty';
import { allocateVisitors, alreadyAskedFor, rotaCandidate, type RotaDecision } from '../../domain/visits/rota';
import { ACTIVE_ASSIGNMENTS, loadRotaFacts } from '../../db/visits/rota';
import type { Prisma } from '../../prisma/generated/client';
import type { DutyActivityDependencies } from '../dependencies';

/** Choosing visitors with the fair rota (domain/visits/rota.ts) from what db/visits/rota.ts loads, and saying who was chosen. */
export function createAllocationActivities({ db, alertOfficers }: DutyActivityDependencies) {
  const loadVisit = (tx: Prisma.TransactionClient, visitId: string) =>
    tx.visit.findUniqueOrThrow({
      where: { id: visitId },
      include: { programme: { include: { pool: true } }, assignments: true, establishment: true, council: true },
    });
  type LoadedVisit = Awaited<ReturnType<typeof loadVisit>>;

  /** Nobody else in the pool can be asked: the officers are told who was passed over and why. */
  async function alertShortfall(visit: LoadedVisit, decision: RotaDecision, invited: number): Promise<void> {
    const names = await db.member.findMany({ where: { id: { in: decision.passedOver.map((entry) => entry.memberId) } } });
    const duty = VISIT_DUTY[visit.programme.pool.purpose];
    await alertOfficers({
      councilId: visit.councilId,
      key: `visit:${visit.id}:shortfall:${visit.assignments.length + invited}`,
      alert: {
        subject: `${visit.establishment.name}: ${decision.shortfall} visitor(s) still needed for ${formatDate(fromDbDate(visit.periodStart))} to ${formatDate(fromDbDate(visit.periodEnd))}`,
        preview: `Nobody else in the ${visit.programme.pool.name} can be asked for this ${duty.name}.`,
        paragraphs: [
          `The ${duty.name} to ${visit.establishment.name} needs ${decision.shortfall} more visitor(s), and nobody else in the ${visit.programme.pool.name} can be asked.`,
          'Add members to the pool, renew their training, or record the visit on their behalf once someone has gone. Why each member was not asked:',
        ],
        facts: decision.passedOver.map((entry) => {
          const member = names.find((candidate) => candidate.id === entry.memberId);
          return [member ? memberDisplayName(member) : entry.memberId, entry.reason];
        }),
      },
    });
  }

  return {
    /**
     * Tops the visit up to the programme's number of visitors with the fair
     * rota. Allocations in one pool are serialised, so homes allocated at the
     * same moment see each other's choices. A shortfall alerts the officers.
     */
    async allocateVisit(input: { visitId: string; asOf: string }): Promise<{ invited: string[]; shortfall: number }> {
      const invitedAt = new Date(input.asOf);
      const { decision, visit, invited } = await db.$transaction(async (tx) => {
        const visit = await loadVisit(tx, input.visitId);
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${visit.programme.poolId}))`;
        const on = localDateOf(invitedAt, visit.council.timeZone);
        const active = await tx.visitAssignment.count({ where: { visitId: visit.id, status: { in: ACTIVE_ASSIGNMENTS } } });
        const needed = visit.programme.visitorsPerVisit - active;
        if (needed <= 0 || visit.status === 'REPORTED' || visit.status === 'CANCELLED') {
          return { decision: null, visit, invited: [] as string[] };
        }
        const facts = await loadRotaFacts(tx, visit, on);
        const decision = allocateVisitors({
          on,
          periodEnd: fromDbDate(visit.periodEnd),
          needed,
          candidates: facts.candidates.map((candidate) => rotaCandidate(candidate, on)),
          previousVisitors: facts.previousVisitors,
          alreadyAsked: alreadyAskedFor(visit.assignments),
        });
        const invited: string[] = [];
        for (const memberId of decision.chosen) {
          const row = await tx.visitAssignment.upsert({
            where: { visitId_memberId: { visitId: visit.id, memberId } },
            create: { councilId: visit.councilId, visitId: visit.id, memberId, invitedAt },
            update: { status: 'INVITED', invitedAt, respondedAt: null, note: null },
          });
          invited.push(row.id);
        }
        await tx.visit.update({ where: { id: visit.id }, data: { status: active + invited.length > 0 ? 'ALLOCATED' : 'UNALLOCATED' } });
        return { decision, visit, invited };
      });

      if (decision && decision.shortfall > 0) await alertShortfall(visit, decision, invited.length);
      return { invited, shortfall: decision?.shortfall ?? 0 };
    },
  };
}

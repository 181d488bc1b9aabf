import { addDays, localDateOf, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { describeReasons } from '../../domain/training/requirements';
import { positionOnCourse, trainingMemberInclude } from '../../db/training/positions';
import type { TrainingEmailContext } from '../../email/templates/training';
import { signedLinkUrl, type DutyActivityDependencies } from '../dependencies';

/** A member has this long after the due date to confirm they completed it through the emailed link. */
const CONFIRM_GRACE_DAYS = 60;

export interface TrainingTarget {
  memberId: string;
  courseId: string;
  dueBy: IsoDate;
  /** Workflow time: what "today" is for this step. */
  asOf: string;
}

/** One member's training on one course, and what an email about it needs. */
export function trainingContext({ db, publicBaseUrl, linkSecret }: DutyActivityDependencies) {
  async function load(memberId: string, courseId: string) {
    const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, include: { ...trainingMemberInclude, council: true } });
    const { records, ...course } = await db.course.findUniqueOrThrow({
      where: { id: courseId },
      include: { records: { where: { memberId } } },
    });
    return { member, course, records };
  }

  async function context(target: TrainingTarget) {
    const { member, course, records } = await load(target.memberId, target.courseId);
    const today = localDateOf(new Date(target.asOf), member.council.timeZone);
    const { requirement } = positionOnCourse(member, course, records, today);
    const linkExpiresOn = addDays(target.dueBy > today ? target.dueBy : today, CONFIRM_GRACE_DAYS);
    const confirmLink = signedLinkUrl(
      { publicBaseUrl, linkSecret },
      't',
      { purpose: 'training', councilId: member.councilId, subjectId: course.id, memberId: member.id },
      linkExpiresOn,
      member.council.timeZone,
    );
    const ctx: TrainingEmailContext = {
      councilName: member.council.name,
      memberName: memberDisplayName(member),
      courseTitle: course.title,
      dueBy: target.dueBy,
      because: describeReasons(requirement?.because ?? [], 'you'),
      confirmLink,
      linkExpiresOn,
    };
    return { member, course, records, ctx, requirement, today };
  }

  const key = (target: TrainingTarget, step: string) => `training:${target.memberId}:${target.courseId}:${target.dueBy}:${step}`;
  const sender = (councilName: string) => ({ signOff: `Democratic Services, ${councilName}` });

  return { load, context, key, sender };
}

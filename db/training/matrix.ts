import { fromDbDate, toDbDate, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { cellOf, courseTotals, type AttendanceList, type TrainingMatrix, type TrainingRow } from '../../domain/training/reports';
import type { Db } from '../client';
import { servingOn } from '../members';
import { positionOnCourse, trainingMemberInclude } from './positions';

interface MatrixRequest {
  councilId: string;
  title: string;
  /** The day states are given for. */
  on: IsoDate;
  /** Completions in this period are itemised. */
  period: { label: string; start: IsoDate; end: IsoDate };
}

/** Every serving member × every course of the council, on a date, from the records in Postgres. */
export async function buildTrainingMatrix(db: Db, request: MatrixRequest): Promise<TrainingMatrix> {
  const council = await db.council.findUniqueOrThrow({ where: { id: request.councilId }, select: { name: true } });
  const courses = await db.course.findMany({ where: { councilId: request.councilId }, orderBy: { title: 'asc' } });
  const members = await db.member.findMany({
    where: { councilId: request.councilId, ...servingOn(request.on) },
    include: { ...trainingMemberInclude, trainingRecords: { where: { completedOn: { lte: toDbDate(request.on) } } } },
    orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
  });
  const rows: TrainingRow[] = members.map((member) => {
    const cells = courses.map((course) => {
      const records = member.trainingRecords.filter((record) => record.courseId === course.id);
      const { position } = positionOnCourse(member, course, records, request.on);
      const inPeriod = records
        .map((record) => fromDbDate(record.completedOn))
        .filter((date) => date >= request.period.start && date <= request.period.end)
        .sort();
      return cellOf(course.key, position, inPeriod);
    });
    return {
      memberName: memberDisplayName(member),
      reference: member.reference,
      ward: member.ward,
      cells,
      compliant: cells.every((cell) => cell.state === 'NOT_REQUIRED' || cell.state === 'VALID' || cell.state === 'DUE_SOON'),
    };
  });
  const columns = courses.map((course) => ({ key: course.key, title: course.title }));
  return {
    title: request.title,
    councilName: council.name,
    on: request.on,
    period: request.period,
    courses: columns,
    rows,
    byCourse: courseTotals(columns, rows),
  };
}

/** Attendance at published courses in a period, for the council's website: names, courses and dates only. */
export async function buildAttendanceList(db: Db, request: Omit<MatrixRequest, 'on'>): Promise<AttendanceList> {
  const council = await db.council.findUniqueOrThrow({ where: { id: request.councilId }, select: { name: true } });
  const records = await db.trainingRecord.findMany({
    where: {
      councilId: request.councilId,
      course: { published: true },
      completedOn: { gte: toDbDate(request.period.start), lte: toDbDate(request.period.end) },
      // Only what an officer recorded or verified is published.
      verifiedAt: { not: null },
    },
    select: {
      completedOn: true,
      course: { select: { title: true } },
      member: { select: { givenName: true, familyName: true, roles: true } },
    },
    orderBy: [{ course: { title: 'asc' } }, { completedOn: 'asc' }, { member: { familyName: 'asc' } }],
  });
  return {
    title: request.title,
    councilName: council.name,
    period: request.period,
    entries: records.map((record) => ({
      memberName: memberDisplayName(record.member),
      courseTitle: record.course.title,
      attendedOn: fromDbDate(record.completedOn),
    })),
  };
}

import { z } from 'zod';

import { memberDisplayName } from '../domain/people';
import type { Prisma } from '../prisma/generated/client';
import { rejectIfProblems, rowField, type NumberedRow } from './csv-import';
import type { FieldProblem } from './errors';

/** What an import needs to know of a member named in a file. */
export const directoryMemberSelect = {
  id: true,
  reference: true,
  email: true,
  givenName: true,
  familyName: true,
  roles: true,
  ward: true,
  party: true,
  joinedOn: true,
  leftOn: true,
  electedOn: true,
} satisfies Prisma.MemberSelect;

export type DirectoryMember = Prisma.MemberGetPayload<{ select: typeof directoryMemberSelect }>;

/** A file row naming a member by reference, email or both. */
export interface MemberNamingRow {
  member_reference?: string;
  email?: string;
}

const memberNamingColumns = {
  member_reference: z.string().max(40, { error: 'must be at most 40 characters; check the reference in the members list' }).optional(),
  email: z.email({ error: 'must be an email address, e.g. sam.jones@members.example, or left blank' }).optional(),
};

/**
 * A file row's schema: the member named by member_reference, email or both,
 * then the file's own `columns`.
 */
export function memberNamingRowSchema<Columns extends z.ZodRawShape>(columns: Columns) {
  // The generic columns hide the naming fields' types from the checker; the row has them.
  const namesAMember = (row: unknown) => {
    const { member_reference: reference, email } = row as MemberNamingRow;
    return reference !== undefined || email !== undefined;
  };
  return z.object({ ...memberNamingColumns, ...columns }).refine(namesAMember, {
    path: ['member_reference'],
    error: 'give the member_reference or the email of the member (or both)',
  });
}

export interface MemberDirectory {
  byReference: Map<string, DirectoryMember>;
  /** Keyed by lower-case address. */
  byEmail: Map<string, DirectoryMember>;
}

/** Looks up, in one query, every member a file names. */
export async function membersNamedIn(
  db: Pick<Prisma.TransactionClient, 'member'>,
  councilId: string,
  rows: ReadonlyArray<NumberedRow<MemberNamingRow>>,
): Promise<MemberDirectory> {
  const values = rows.map(({ data }) => data);
  const members = await db.member.findMany({
    where: {
      councilId,
      OR: [
        { reference: { in: values.flatMap((row) => row.member_reference ?? []) } },
        { email: { in: values.flatMap((row) => row.email ?? []), mode: 'insensitive' } },
      ],
    },
    select: directoryMemberSelect,
  });
  return {
    byReference: new Map(members.map((member) => [member.reference, member])),
    byEmail: new Map(members.map((member) => [member.email.toLowerCase(), member])),
  };
}

/** The member a row names; when it gives both reference and email, they must name the same member. */
export function identifyMember(
  row: number,
  values: MemberNamingRow,
  directory: MemberDirectory,
): { member: DirectoryMember } | { problems: FieldProblem[] } {
  const { member_reference: reference, email } = values;
  const byReference = reference === undefined ? undefined : directory.byReference.get(reference);
  const byEmail = email === undefined ? undefined : directory.byEmail.get(email.toLowerCase());
  const problems: FieldProblem[] = [];
  if (reference !== undefined && !byReference) {
    problems.push({
      field: rowField(row, 'member_reference'),
      message: `no member ${reference} in this council; check the reference in the members list`,
    });
  }
  if (email !== undefined && !byEmail) {
    problems.push({
      field: rowField(row, 'email'),
      message: `no member with email ${email} in this council; check the address in the members list`,
    });
  }
  if (byReference && byEmail && byReference.id !== byEmail.id) {
    problems.push({
      field: rowField(row, 'email'),
      message: `belongs to ${memberDisplayName(byEmail)} (${byEmail.reference}), not ${reference}; correct one of them, or leave one blank`,
    });
  }
  const member = byReference ?? byEmail;
  return problems.length || !member ? { problems } : { member };
}

/**
 * Finds each row's member, then `check`s each row whose member is found
 * against what the earlier rows add: what every row adds, or an InputError
 * listing every problem in the file, in row order.
 */
export function checkMemberRows<Row extends MemberNamingRow, Added>(
  rows: ReadonlyArray<NumberedRow<Row>>,
  fileProblems: FieldProblem[],
  directory: MemberDirectory,
  check: (row: NumberedRow<Row>, member: DirectoryMember, earlier: Added[]) => { added: Added; problems: FieldProblem[] },
): Added[] {
  const problems = [...fileProblems];
  const added: Added[] = [];
  for (const numbered of rows) {
    const identified = identifyMember(numbered.row, numbered.data, directory);
    if ('problems' in identified) {
      problems.push(...identified.problems);
      continue;
    }
    const checked = check(numbered, identified.member, added);
    problems.push(...checked.problems);
    added.push(checked.added);
  }
  rejectIfProblems(problems);
  return added;
}

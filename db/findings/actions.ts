import { createHash } from 'node:crypto';

import type { Db } from '../client';
import { memberDisplayName } from '../../domain/people';
import type { ActionOwnerKind, Prisma } from '../../prisma/generated/client';

/** Who owns an action, and where to reach them: the home's manager may have no address on record. */
export interface ActionOwner {
  kind: ActionOwnerKind;
  name: string;
  email: string | null;
  /**
   * Whom the owner's links are for (their member claim): the member's ID, `officer:<id>` or `manager`, so that a
   * link stops working once the action changes hands.
   */
  linkHolder: string;
}

/** The action's owner as stored: the home's manager unless an officer gave it to an officer or a member. */
export async function actionOwner(
  db: Pick<Db, 'establishment' | 'officer' | 'member'>,
  action: { establishmentId: string; ownerKind: ActionOwnerKind; ownerOfficerId: string | null; ownerMemberId: string | null },
): Promise<ActionOwner> {
  if (action.ownerKind === 'OFFICER' && action.ownerOfficerId) {
    const officer = await db.officer.findUniqueOrThrow({ where: { id: action.ownerOfficerId } });
    return { kind: 'OFFICER', name: officer.name, email: officer.email, linkHolder: `officer:${officer.id}` };
  }
  if (action.ownerKind === 'MEMBER' && action.ownerMemberId) {
    const member = await db.member.findUniqueOrThrow({ where: { id: action.ownerMemberId } });
    return { kind: 'MEMBER', name: memberDisplayName(member), email: member.email, linkHolder: member.id };
  }
  const home = await db.establishment.findUniqueOrThrow({ where: { id: action.establishmentId } });
  return { kind: 'MANAGER', name: home.managerName ?? `The manager of ${home.name}`, email: home.managerEmail, linkHolder: 'manager' };
}

/** A UUID made from a key, so that an entry written again (a retried activity) is the same row. */
const uuidOf = (key: string) =>
  createHash('sha256')
    .update(key)
    .digest('hex')
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** Writes an entry of an action's history once per key, however often it is asked to. */
export async function recordActionUpdateOnce(
  db: Pick<Db, 'findingActionUpdate'>,
  key: string,
  update: Omit<Prisma.FindingActionUpdateCreateManyInput, 'id'>,
): Promise<void> {
  await db.findingActionUpdate.createMany({ data: [{ id: uuidOf(`${update.actionId}:${key}`), ...update }], skipDuplicates: true });
}

import { z } from 'zod';

import { Prisma } from '../prisma/generated/client';
import { requireWriter } from './access';
import { recordAudit } from './audit';
import type { Actor, ServiceDependencies } from './context';
import { csvFileSchema, readCsvRows, rejectIfProblems, rowField, type CsvFile, type NumberedRow } from './csv-import';
import { ConflictError, NotFoundError, parseInput, type FieldProblem } from './errors';
import { panelKeySchema, panelOf } from './panels';

/** Who receives a panel's reports and meeting invitations: members, officers and partners alike. */

const recipientFields = {
  name: z
    .string({ error: 'give the recipient’s name, e.g. "Jo Smith"' })
    .trim()
    .min(1, { error: 'give the recipient’s name, e.g. "Jo Smith"' })
    .max(120, { error: 'must be at most 120 characters' }),
  email: z
    .email({ error: 'must be an email address, e.g. jo.smith@partner.example' })
    .max(200, { error: 'must be at most 200 characters' })
    .transform((email) => email.toLowerCase()),
  role: z
    .string({ error: 'say why they receive the papers, e.g. "Designated nurse", or leave it blank' })
    .trim()
    .max(120, { error: 'must be at most 120 characters' })
    .optional(),
};

export const addRecipientInput = z.object({ panelKey: panelKeySchema, ...recipientFields });
export type AddRecipientInput = z.input<typeof addRecipientInput>;

export const removeRecipientInput = z.object({
  panelKey: panelKeySchema,
  recipientId: z.uuid({ error: 'must be a recipient id (a UUID) from the panel’s distribution list' }),
});
export type RemoveRecipientInput = z.infer<typeof removeRecipientInput>;

export const DISTRIBUTION_COLUMNS = ['name', 'email', 'role'] as const;

/** One row of a distribution list file. */
export const distributionRow = z.object(recipientFields);
type DistributionRow = z.infer<typeof distributionRow>;

export const importDistributionInput = z.object({
  panelKey: panelKeySchema,
  csv: csvFileSchema(DISTRIBUTION_COLUMNS),
});
export type ImportDistributionInput = z.infer<typeof importDistributionInput>;

const alreadyListed = (email: string, panelName: string) =>
  `${email} is already on the ${panelName} distribution list; remove the row, or remove them from the list first`;

/** Audits one person added to or taken off a panel's distribution list. */
const auditRecipient = (
  tx: Parameters<typeof recordAudit>[0],
  actor: Actor,
  action: 'distribution.added' | 'distribution.removed',
  panel: { key: string },
  recipient: { id: string; email: string },
) => recordAudit(tx, actor, action, { type: 'PanelDistribution', id: recipient.id }, { panel: panel.key, email: recipient.email });

/** Adds one recipient to the panel's distribution list. */
export async function addDistributionRecipient(deps: ServiceDependencies, actor: Actor, input: AddRecipientInput) {
  const { panelKey, ...recipient } = parseInput(addRecipientInput, input);
  requireWriter(actor, 'change distribution lists');
  const panel = await panelOf(deps.db, actor, panelKey);
  try {
    return await deps.db.$transaction(async (tx) => {
      const created = await tx.panelDistribution.create({
        data: { councilId: actor.councilId, panelId: panel.id, ...recipient },
        select: { id: true, name: true, email: true, role: true },
      });
      await auditRecipient(tx, actor, 'distribution.added', panel, created);
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError(`${alreadyListed(recipient.email, panel.name)}.`);
    }
    throw error;
  }
}

/** Takes one recipient off the panel's distribution list: they receive nothing more from it. */
export async function removeDistributionRecipient(deps: ServiceDependencies, actor: Actor, input: RemoveRecipientInput) {
  const { panelKey, recipientId } = parseInput(removeRecipientInput, input);
  requireWriter(actor, 'change distribution lists');
  const panel = await panelOf(deps.db, actor, panelKey);
  const recipient = await deps.db.panelDistribution.findFirst({
    where: { id: recipientId, panelId: panel.id, councilId: actor.councilId },
  });
  if (!recipient) throw new NotFoundError(`recipient on the ${panel.name} distribution list`, recipientId);
  await deps.db.$transaction(async (tx) => {
    await tx.panelDistribution.delete({ where: { id: recipient.id } });
    await auditRecipient(tx, actor, 'distribution.removed', panel, recipient);
  });
  return { name: recipient.name, email: recipient.email };
}

/** What importing a file would add: one recipient per row. */
export async function previewDistributionImport(deps: ServiceDependencies, actor: Actor, input: ImportDistributionInput) {
  const { panelKey, csv } = parseInput(importDistributionInput, input);
  requireWriter(actor, 'change distribution lists');
  const panel = await panelOf(deps.db, actor, panelKey);
  return { panel: { key: panel.key, name: panel.name }, recipients: await recipientsToAdd(deps.db, panel, csv) };
}

/** Adds every recipient in a CSV file to the panel's distribution list, or none when any row has a problem. */
export async function importDistribution(deps: ServiceDependencies, actor: Actor, input: ImportDistributionInput) {
  const { panelKey, csv } = parseInput(importDistributionInput, input);
  requireWriter(actor, 'change distribution lists');
  const panel = await panelOf(deps.db, actor, panelKey);
  const added = await deps.db.$transaction(async (tx) => {
    // The panel's row lock keeps two imports at once from both adding one address.
    await tx.$executeRaw`SELECT 1 FROM "Panel" WHERE "id" = ${panel.id}::uuid FOR UPDATE`;
    const recipients = await recipientsToAdd(tx, panel, csv);
    await tx.panelDistribution.createMany({
      data: recipients.map(({ name, email, role }) => ({ councilId: actor.councilId, panelId: panel.id, name, email, role })),
    });
    await recordAudit(tx, actor, 'distribution.imported', { type: 'Panel', id: panel.id }, { added: recipients.length });
    return recipients.length;
  });
  return { added, panelName: panel.name };
}

/** The file's rows checked against each other and the list: the recipients to add, or every problem by row. */
async function recipientsToAdd(
  db: Prisma.TransactionClient,
  panel: { id: string; name: string },
  csv: CsvFile,
): Promise<Array<DistributionRow & { row: number }>> {
  const { rows, problems } = readCsvRows(csv, distributionRow, DISTRIBUTION_COLUMNS);
  const listed = new Set(
    (await db.panelDistribution.findMany({ where: { panelId: panel.id }, select: { email: true } })).map((entry) =>
      entry.email.toLowerCase(),
    ),
  );
  const firstRowOf = new Map<string, number>();
  const clashes: FieldProblem[] = rows.flatMap(({ row, data }: NumberedRow<DistributionRow>) => {
    const earlier = firstRowOf.get(data.email);
    if (earlier === undefined) firstRowOf.set(data.email, row);
    if (listed.has(data.email)) return [{ field: rowField(row, 'email'), message: alreadyListed(data.email, panel.name) }];
    if (earlier !== undefined) return [{ field: rowField(row, 'email'), message: `repeats row ${earlier}; give each address once` }];
    return [];
  });
  rejectIfProblems([...problems, ...clashes]);
  return rows.map(({ row, data }) => ({ row, ...data }));
}

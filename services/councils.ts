import { z } from 'zod';

import {
  STANDARD_COURSES,
  STANDARD_ITEMS,
  STANDARD_PANELS,
  STANDARD_REPORT_DUTIES,
  standardItemId,
  type StandardItem,
} from '../domain/standard-setup';
import { requireAdmin } from './access';
import { recordAudit, recordSystemAudit } from './audit';
import type { Actor, ServiceDependencies } from './context';
import { InputError, parseInput } from './errors';
import { issuePasswordLink, type OfficerMail } from './password-links';
import { registerReportDuty } from './reports/reports';
import { registerCourse } from './training/training';
import { wholeNumberFrom } from './whole-numbers';

const councilName = z
  .string({ error: 'give the council’s name' })
  .trim()
  .min(3, 'give the council’s name, e.g. Northmere Borough Council')
  .max(160);
const alertsEmail = z
  .email({ error: 'must be democratic services’ shared mailbox, e.g. democratic.services@council.gov.uk' })
  .trim()
  .toLowerCase();
/** Blank means none: replies go to the From address. */
const replyToEmail = z
  .union([z.literal('').transform(() => null), z.email({ error: 'must be an email address, or blank for none' }).trim().toLowerCase()])
  .nullable();
const municipalYearStartMonth = wholeNumberFrom(
  1,
  12,
  'must be a month number from 1 (January) to 12 (December); in England it is 5 (May)',
);

export const createCouncilInput = z.object({
  slug: z
    .string({ error: 'give the council a short name for addresses, e.g. northmere' })
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, {
      error: 'must be 2–40 lower-case letters, digits and hyphens, starting with a letter, e.g. northmere',
    }),
  name: councilName,
  alertsEmail,
  replyToEmail: replyToEmail.optional(),
  municipalYearStartMonth: municipalYearStartMonth.default(5),
  adminName: z.string({ error: 'give the first admin’s name' }).trim().min(2, 'give the first admin’s name').max(120),
  adminEmail: z.email({ error: 'must be the first admin’s work email address' }).trim().toLowerCase(),
  standardSetup: z.boolean().default(true),
});
export type CreateCouncilInput = z.input<typeof createCouncilInput>;

/**
 * Creates a council from nothing with its first admin, who has no password
 * yet: they get a one-time link to choose one, by email and in the result
 * (the operator can pass it on if the email goes astray). With the standard
 * set-up the council starts with the standard courses, panels and reports.
 */
export async function createCouncil(deps: ServiceDependencies & { officerMail: OfficerMail }, input: CreateCouncilInput) {
  const values = parseInput(createCouncilInput, input);
  const { db } = deps;
  const taken = await db.council.findUnique({ where: { slug: values.slug } });
  if (taken) {
    throw new InputError([
      { field: 'slug', message: `"${values.slug}" is already used by ${taken.name}; choose another, e.g. ${values.slug}-council` },
    ]);
  }
  const { council, admin } = await db.$transaction(async (tx) => {
    const council = await tx.council.create({
      data: {
        slug: values.slug,
        name: values.name,
        alertsEmail: values.alertsEmail,
        replyToEmail: values.replyToEmail ?? null,
        municipalYearStartMonth: values.municipalYearStartMonth,
      },
    });
    const admin = await tx.officer.create({
      data: { councilId: council.id, name: values.adminName, email: values.adminEmail, role: 'ADMIN' },
    });
    await recordSystemAudit(tx, council.id, 'council.created', { type: 'Council', id: council.id }, { slug: council.slug });
    await recordSystemAudit(tx, council.id, 'officer.invited', { type: 'Officer', id: admin.id }, { role: 'ADMIN' });
    return { council, admin };
  });
  const actor: Actor = { councilId: council.id, officerId: admin.id, role: 'ADMIN' };
  const standardItems = values.standardSetup ? await applyStandardSetup(deps, actor, STANDARD_ITEMS.map(standardItemId)) : [];
  const link = await issuePasswordLink(deps, admin.id, 'INVITE');
  return { council, admin: { id: admin.id, name: admin.name, email: admin.email }, link, standardItems };
}

/** Every council, for the operator: how many officers each has, and when it was created. */
export async function listCouncils(deps: Pick<ServiceDependencies, 'db'>) {
  const councils = await deps.db.council.findMany({
    orderBy: { slug: 'asc' },
    select: { id: true, slug: true, name: true, alertsEmail: true, createdAt: true, _count: { select: { officers: true } } },
  });
  return councils.map(({ _count, ...council }) => ({ ...council, officers: _count.officers }));
}

/** The standard items the council does not have yet (matched by key), offered on the council settings page. */
export async function missingStandardItems(deps: Pick<ServiceDependencies, 'db'>, actor: Actor): Promise<StandardItem[]> {
  const councilId = actor.councilId;
  const [panels, courses, duties] = await Promise.all([
    deps.db.panel.findMany({ where: { councilId }, select: { key: true } }),
    deps.db.course.findMany({ where: { councilId }, select: { key: true } }),
    deps.db.reportDuty.findMany({ where: { councilId }, select: { key: true } }),
  ]);
  const present = new Set([
    ...panels.map((row) => standardItemId({ kind: 'panel', key: row.key })),
    ...courses.map((row) => standardItemId({ kind: 'course', key: row.key })),
    ...duties.map((row) => standardItemId({ kind: 'report-duty', key: row.key })),
  ]);
  return STANDARD_ITEMS.filter((item) => !present.has(standardItemId(item)));
}

export const applyStandardSetupInput = z.object({
  items: z
    .array(z.enum(STANDARD_ITEMS.map(standardItemId) as [string, ...string[]], { error: 'must be one of the standard items offered' }))
    .min(1, 'tick at least one item to add'),
});

/**
 * Adds the chosen standard items the council does not have yet (panels
 * first, so the reports they receive have them). A report duty's schedule is
 * made as for any duty registered by hand. Returns what was added.
 */
export async function applyStandardSetup(deps: ServiceDependencies, actor: Actor, items: readonly string[]): Promise<StandardItem[]> {
  requireAdmin(actor, 'add the standard set-up');
  const chosen = new Set(parseInput(applyStandardSetupInput, { items }).items);
  const missing = (await missingStandardItems(deps, actor)).filter((item) => chosen.has(standardItemId(item)));
  const adding = new Set(missing.map(standardItemId));
  const panelsHeld = new Set(
    (await deps.db.panel.findMany({ where: { councilId: actor.councilId }, select: { key: true } })).map((p) => p.key),
  );
  const orphans = STANDARD_REPORT_DUTIES.filter(
    (duty) =>
      adding.has(standardItemId({ kind: 'report-duty', key: duty.key })) &&
      !panelsHeld.has(duty.panelKey) &&
      !adding.has(standardItemId({ kind: 'panel', key: duty.panelKey })),
  );
  if (orphans.length) {
    throw new InputError(
      orphans.map((duty) => ({
        field: 'items',
        message: `${duty.title} goes to the ${STANDARD_PANELS.find((panel) => panel.key === duty.panelKey)!.name}; tick that panel too`,
      })),
    );
  }
  for (const item of missing) {
    if (item.kind === 'panel') {
      const panel = STANDARD_PANELS.find((standard) => standard.key === item.key)!;
      const row = await deps.db.panel.create({ data: { councilId: actor.councilId, ...panel } });
      await recordAudit(deps.db, actor, 'panel.registered', { type: 'Panel', id: row.id }, { key: row.key, standard: true });
    } else if (item.kind === 'course') {
      await registerCourse(
        deps,
        actor,
        STANDARD_COURSES.find((standard) => standard.key === item.key)!,
      );
    } else {
      const { panelKey, ...duty } = STANDARD_REPORT_DUTIES.find((standard) => standard.key === item.key)!;
      await registerReportDuty(deps, actor, { ...duty, panelKey, authoring: 'GENERATED' });
    }
  }
  return missing;
}

/** The council's settings, as the settings page shows them to every officer. */
export async function councilSettings(deps: Pick<ServiceDependencies, 'db'>, actor: Actor) {
  return deps.db.council.findUniqueOrThrow({
    where: { id: actor.councilId },
    select: {
      slug: true,
      name: true,
      alertsEmail: true,
      replyToEmail: true,
      municipalYearStartMonth: true,
      timeZone: true,
      // Never the client secret: whether sign-in goes through the provider is all the page shows.
      oidcIssuer: true,
      oidcClientId: true,
    },
  });
}

export const updateCouncilSettingsInput = z.object({ name: councilName, alertsEmail, replyToEmail, municipalYearStartMonth });
export type UpdateCouncilSettingsInput = z.input<typeof updateCouncilSettingsInput>;

/** An admin changes the council's name, addresses or the month its municipal year starts. */
export async function updateCouncilSettings(
  deps: Pick<ServiceDependencies, 'db'>,
  actor: Actor,
  input: Partial<UpdateCouncilSettingsInput>,
) {
  requireAdmin(actor, 'change the council’s settings');
  const values = parseInput(updateCouncilSettingsInput, input);
  const council = await deps.db.council.update({ where: { id: actor.councilId }, data: values });
  await recordAudit(deps.db, actor, 'council.updated', { type: 'Council', id: council.id }, { changes: Object.keys(values) });
  return council;
}

import { addDays, localDateOf, municipalYearOf } from '../../../domain/calendar';
import type { Actor, ServiceDependencies } from '../../../services/context';
import { confirmPledge } from '../../../services/pledge/pledge';
import { registerEstablishment, startProgramme } from '../../../services/visits/programmes';
import { pledgeCampaignWorkflowId, visitProgrammeWorkflowId } from '../../../workflows';
import { createCouncil, createMember, registerReg33Pool } from '../../support/fixtures';

const GIVEN_NAMES = ['Amara', 'Bryn', 'Cerys', 'Dev', 'Elin', 'Femi', 'Gwen', 'Hari', 'Isla', 'Jago'];
const HOMES = [
  { key: 'oakfield', name: 'Oakfield House' },
  { key: 'willow', name: 'Willow Lodge' },
  { key: 'bramble', name: 'Bramble Cottage' },
  { key: 'harbour', name: 'Harbour View' },
];

export interface SmallCouncil {
  councilId: string;
  /** Democratic services' mailbox, where every officer alert goes. */
  alertsEmail: string;
  officer: Actor;
  homes: typeof HOMES;
  /** How many emails of each kind starting the duties sends. */
  invitationsAtStart: Record<string, number>;
  /** How many emails starting the duties sends in all. */
  emailsAtStart: number;
  /**
   * Starts its duties through the services an officer uses: a visit
   * programme for each home (two visitors each, invited at once) and the
   * year's pledge campaign (every member invited at once).
   */
  startDuties(): Promise<void>;
  /** The workflow of each home's visit programme, by home key, and of the pledge campaign. */
  dutyWorkflowIds(): Promise<{ programmes: Record<string, string>; pledgeCampaign: string }>;
}

/**
 * Ten members, all in the Regulation 33 pool, four children's homes and a
 * drafted pledge: eight visit invitations and ten pledge invitations fall due
 * the moment the duties start, and nothing in it calls for an officer alert.
 * `area` names the council ("<area> County Council") and its addresses, so
 * several councils' emails differ by recipient.
 */
export async function createSmallCouncil(deps: ServiceDependencies, area = 'Testshire'): Promise<SmallCouncil> {
  const { db } = deps;
  const today = localDateOf(deps.clock());
  const domain = `${area.toLowerCase()}.example`;
  const council = await createCouncil(db, `${area} County Council`);
  const officerRow = await db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: `pat.officer@${domain}`, role: 'ADMIN' },
  });
  const officer: Actor = { councilId: council.id, officerId: officerRow.id, role: 'ADMIN' };
  const members = [];
  for (const givenName of GIVEN_NAMES) {
    members.push(
      await createMember(db, council.id, {
        givenName,
        familyName: 'Member',
        email: `${givenName.toLowerCase()}@members.${domain}`,
      }),
    );
  }
  await db.pledge.create({
    data: {
      councilId: council.id,
      municipalYear: municipalYearOf(today).startYear,
      text: 'We promise:\n1. to listen to you;\n2. to act on what you tell us.',
      version: 'v1',
    },
  });
  const since = addDays(today, -60);
  await registerReg33Pool(deps, officer, since, members);
  for (const home of HOMES) await registerEstablishment(deps, officer, { ...home, kind: 'CHILDRENS_HOME' });

  return {
    councilId: council.id,
    alertsEmail: council.alertsEmail,
    officer,
    homes: HOMES,
    invitationsAtStart: { 'visit.invite': 2 * HOMES.length, 'pledge.invite': GIVEN_NAMES.length },
    emailsAtStart: 2 * HOMES.length + GIVEN_NAMES.length,
    async startDuties() {
      for (const home of HOMES) {
        await startProgramme(deps, officer, { establishmentKey: home.key, poolKey: 'reg33', visitorsPerVisit: 2 });
      }
      await confirmPledge(deps, officer, {
        adoptedOn: today,
        eventDate: addDays(today, 14),
        eventStart: '17:30',
        eventLocation: 'Council Chamber',
      });
    },
    async dutyWorkflowIds() {
      const establishments = await db.establishment.findMany({ where: { councilId: council.id } });
      const pledge = await db.pledge.findFirstOrThrow({ where: { councilId: council.id } });
      return {
        programmes: Object.fromEntries(establishments.map((home) => [home.key, visitProgrammeWorkflowId(home.id)])),
        pledgeCampaign: pledgeCampaignWorkflowId(pledge.id),
      };
    },
  };
}

import type { Command } from 'commander';

import { formatShortDate } from '../../../domain/calendar';
import { STATE_LABELS } from '../../../domain/training/reports';
import { complianceMatrix, listCourses, registerCourse, updateCourse, type RegisterCourseInput } from '../../../services/training/training';
import { commandGroup, list, withServices, type GlobalOptions } from '../../context';

export const TRAINING_DESCRIPTION = "members' training: courses, completions, compliance and renewals";

const numbers = (value: string) => list(value).map(Number);

export function registerTrainingCommands(program: Command, globals: () => GlobalOptions): void {
  const training = commandGroup(program, 'training', TRAINING_DESCRIPTION);

  training
    .command('courses')
    .description('the council’s courses and what requires them')
    .action(async () => {
      await withServices(globals(), async (deps, actor) => {
        for (const course of await listCourses(deps, actor)) {
          const validity =
            course.validityMonths === null
              ? 'never expires'
              : `${course.validityMonths} months from ${course.renewalBasis.toLowerCase().replace(/_/g, ' ')}`;
          const needs = [...course.requiredForRoles, ...course.requiredForPanels, ...course.requiredForPools].join(', ') || 'nobody';
          console.log(`${course.key.padEnd(32)} ${course.title} — ${validity}; required for ${needs}`);
        }
      });
    });

  training
    .command('course-add <key>')
    .description('register a course')
    .requiredOption('--title <title>')
    .requiredOption('--kind <kind>', 'CORPORATE_PARENTING_INDUCTION, SAFEGUARDING_SEMINAR, PERFORMANCE_DATA, DBS_CHECK or OTHER')
    .option('--validity <months>', 'months it stays valid (omit if it never expires)')
    .option('--basis <basis>', 'COMPLETION_DATE, PREVIOUS_EXPIRY or FIXED_MUNICIPAL_YEAR', 'COMPLETION_DATE')
    .option('--window <days>', 'renewal opens this many days before expiry', '60')
    .option('--reminders <days>', 'days before the due date to remind, e.g. 60,30,7', '60,30,7')
    .option('--induction-weeks <weeks>', 'weeks a member has to do it once it is required')
    .option('--roles <roles>', 'roles that require it, e.g. COUNCILLOR,CO_OPTEE', '')
    .option('--panels <kinds>', 'panel kinds whose seats require it, e.g. CORPORATE_PARENTING', '')
    .option('--pools <purposes>', 'pools that require it, e.g. REG33_HOMES', '')
    .option('--verify', 'member confirmations need an officer to verify them')
    .option('--after-election', 'must be done again after each election')
    .action(
      async (
        key: string,
        options: {
          title: string;
          kind: string;
          validity?: string;
          basis: string;
          window: string;
          reminders: string;
          inductionWeeks?: string;
          roles: string;
          panels: string;
          pools: string;
          verify?: boolean;
          afterElection?: boolean;
        },
      ) => {
        await withServices(globals(), async (deps, actor) => {
          // Strings from the command line; registerCourse validates them and names any that are wrong.
          const input = {
            key,
            title: options.title,
            kind: options.kind,
            validityMonths: options.validity === undefined ? null : Number(options.validity),
            renewalBasis: options.basis,
            renewalWindowDays: Number(options.window),
            reminderDays: numbers(options.reminders),
            inductionWeeks: options.inductionWeeks === undefined ? null : Number(options.inductionWeeks),
            requiredForRoles: list(options.roles),
            requiredForPanels: list(options.panels),
            requiredForPools: list(options.pools),
            requiresOfficerVerification: Boolean(options.verify),
            renewAfterElection: Boolean(options.afterElection),
          } as RegisterCourseInput;
          const course = await registerCourse(deps, actor, input);
          console.log(`Registered ${course.title}; members who need it have been given a cycle.`);
        });
      },
    );

  training
    .command('course-update <key>')
    .description('change a course’s rules; every member’s cycle is reviewed')
    .option('--validity <months>')
    .option('--window <days>')
    .option('--reminders <days>')
    .option('--induction-weeks <weeks>')
    .action(async (key: string, options: { validity?: string; window?: string; reminders?: string; inductionWeeks?: string }) => {
      await withServices(globals(), async (deps, actor) => {
        await updateCourse(deps, actor, {
          key,
          ...(options.validity !== undefined && { validityMonths: Number(options.validity) }),
          ...(options.window !== undefined && { renewalWindowDays: Number(options.window) }),
          ...(options.reminders !== undefined && { reminderDays: numbers(options.reminders) }),
          ...(options.inductionWeeks !== undefined && { inductionWeeks: Number(options.inductionWeeks) }),
        });
        console.log('Updated.');
      });
    });

  training
    .command('matrix')
    .description('members × courses: valid, due soon, lapsed or never done, with the dates')
    .option('--on <date>', 'the day to show (default today)')
    .option('--json', 'print JSON')
    .action(async (options: { on?: string; json?: boolean }) => {
      await withServices(globals(), async (deps, actor) => {
        const matrix = await complianceMatrix(deps, actor, { on: options.on });
        if (options.json) return console.log(JSON.stringify(matrix, null, 2));
        console.log(`${'Member'.padEnd(34)}${matrix.courses.map((course) => course.key.slice(0, 24).padEnd(26)).join('')}`);
        for (const row of matrix.rows) {
          const cells = row.cells.map((cell) => {
            const date = cell.dueBy ? ` ${formatShortDate(cell.dueBy)}` : '';
            return `${STATE_LABELS[cell.state]}${cell.state === 'NOT_REQUIRED' ? '' : date}`.slice(0, 25).padEnd(26);
          });
          console.log(`${`${row.compliant ? ' ' : '!'} ${row.memberName}`.slice(0, 33).padEnd(34)}${cells.join('')}`);
        }
      });
    });
}

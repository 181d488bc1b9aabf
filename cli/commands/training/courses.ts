import type { Command } from 'commander';

import { listCourses, registerCourse, updateCourse, type RegisterCourseInput } from '../../../services/training/training';
import { acting, list, numbers, optionalNumber, subcommand, type GlobalOptions } from '../../context';

/** What `training course-add` is given, as the command line gives it. */
interface NewCourseOptions {
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
}

/** The course `training course-add` registers: strings from the command line, which registerCourse validates, naming any that are wrong. */
function newCourseInput(key: string, options: NewCourseOptions): RegisterCourseInput {
  return {
    key,
    title: options.title,
    kind: options.kind,
    validityMonths: optionalNumber(options.validity) ?? null,
    renewalBasis: options.basis,
    renewalWindowDays: Number(options.window),
    reminderDays: numbers(options.reminders),
    inductionWeeks: optionalNumber(options.inductionWeeks) ?? null,
    requiredForRoles: list(options.roles),
    requiredForPanels: list(options.panels),
    requiredForPools: list(options.pools),
    requiresOfficerVerification: Boolean(options.verify),
    renewAfterElection: Boolean(options.afterElection),
  } as RegisterCourseInput;
}

/** `training courses`, `course-add` and `course-update`: the council's courses and their rules. */
export function registerCourseCommands(training: Command, globals: () => GlobalOptions): void {
  subcommand(training, 'courses', 'the council’s courses and what requires them').action(
    acting(globals, async (deps, actor) => {
      for (const course of await listCourses(deps, actor)) {
        const validity =
          course.validityMonths === null
            ? 'never expires'
            : `${course.validityMonths} months from ${course.renewalBasis.toLowerCase().replace(/_/g, ' ')}`;
        const needs = [...course.requiredForRoles, ...course.requiredForPanels, ...course.requiredForPools].join(', ') || 'nobody';
        console.log(`${course.key.padEnd(32)} ${course.title} — ${validity}; required for ${needs}`);
      }
    }),
  );

  subcommand(training, 'course-add <key>', 'register a course')
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
      acting(globals, async (deps, actor, key: string, options: NewCourseOptions) => {
        const course = await registerCourse(deps, actor, newCourseInput(key, options));
        console.log(`Registered ${course.title}; members who need it have been given a cycle.`);
      }),
    );

  subcommand(training, 'course-update <key>', 'change a course’s rules; every member’s cycle is reviewed')
    .option('--validity <months>')
    .option('--window <days>')
    .option('--reminders <days>')
    .option('--induction-weeks <weeks>')
    .action(
      acting(
        globals,
        async (deps, actor, key: string, options: { validity?: string; window?: string; reminders?: string; inductionWeeks?: string }) => {
          await updateCourse(deps, actor, {
            key,
            ...(options.validity !== undefined && { validityMonths: Number(options.validity) }),
            ...(options.window !== undefined && { renewalWindowDays: Number(options.window) }),
            ...(options.reminders !== undefined && { reminderDays: numbers(options.reminders) }),
            ...(options.inductionWeeks !== undefined && { inductionWeeks: Number(options.inductionWeeks) }),
          });
          console.log('Updated.');
        },
      ),
    );
}

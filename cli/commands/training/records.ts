import type { Command } from 'commander';

import { formatDate, formatDateTime } from '../../../domain/calendar';
import type { TrainingPosition } from '../../../domain/training/position';
import { STATE_LABELS } from '../../../domain/training/reports';
import {
  importSessionRegister,
  pendingVerifications,
  recordTraining,
  SESSION_REGISTER_COLUMNS,
  trainingHistory,
  verifyTraining,
  type HistoryEntry,
} from '../../../services/training/records';
import { acting, commandGroup, readCsvFile, showing, subcommand, withServices, type GlobalOptions } from '../../context';
import { TRAINING_DESCRIPTION } from './training';

/** "recorded by Dana Whitlock", "recorded from a session register by …", "confirmed by the member through their link". */
function recordedHow(entry: HistoryEntry): string {
  if (entry.source === 'MEMBER_LINK') return 'confirmed by the member through their link';
  const by = entry.recordedBy ?? 'an officer';
  return entry.source === 'REGISTER_IMPORT' ? `recorded from a session register by ${by}` : `recorded by ${by}`;
}

/** "Valid, valid until Thursday 2 September 2027", "Never done, due by …", with a note when a completion awaits verification. */
function standingOf(position: TrainingPosition): string {
  const state = STATE_LABELS[position.required ? position.state : 'NOT_REQUIRED'];
  const until = position.validUntil
    ? `, valid until ${formatDate(position.validUntil)}`
    : position.dueBy
      ? `, due by ${formatDate(position.dueBy)}`
      : '';
  return `${state}${until}${position.awaitingVerification ? '; a completion awaits verification' : ''}`;
}

function describeEntry(entry: HistoryEntry): string {
  const expiry = entry.expiresOn ? `expires ${formatDate(entry.expiresOn)}` : 'does not expire';
  const verified = entry.verifiedAt
    ? `verified ${entry.verifiedBy ? `by ${entry.verifiedBy}` : 'on confirmation'} on ${formatDateTime(entry.verifiedAt)}`
    : `awaiting verification: \`cpe training verify ${entry.recordId}\``;
  const evidence = entry.evidenceRef ? `; evidence ${entry.evidenceRef}` : '';
  return `${formatDate(entry.completedOn)}: ${expiry}; ${recordedHow(entry)}; ${verified}${evidence}`;
}

export function registerTrainingRecordCommands(program: Command, globals: () => GlobalOptions): void {
  const training = commandGroup(program, 'training', TRAINING_DESCRIPTION);

  subcommand(training, 'record <memberReference> <courseKey>', 'record that a member completed a course; it is verified as you record it')
    .requiredOption('--on <date>', 'the day they completed it, YYYY-MM-DD')
    .option('--evidence <ref>', 'a reference to the evidence, e.g. a certificate number')
    .action(
      acting(globals, async (deps, actor, memberReference: string, courseKey: string, options: { on: string; evidence?: string }) => {
        const record = await recordTraining(deps, actor, {
          memberReference,
          courseKey,
          completedOn: options.on,
          evidenceRef: options.evidence,
        });
        const expiry = record.expiresOn ? `it is valid until ${formatDate(record.expiresOn)}` : 'it does not expire';
        console.log(
          `Recorded ${record.courseTitle} for ${record.member.name} (${record.member.reference}), completed on ${formatDate(record.completedOn)}; ${expiry}.`,
        );
      }),
    );

  training
    .command('register <courseKey> <file>')
    .description(
      `record a session's attendance from its register, a CSV file with columns ${SESSION_REGISTER_COLUMNS.join(', ')}; every row is recorded, or none`,
    )
    .requiredOption('--on <date>', 'the day of the session, YYYY-MM-DD')
    .action(async (courseKey: string, file: string, options: { on: string }) => {
      const csv = await readCsvFile(file);
      await withServices(globals(), async (deps, actor) => {
        const { recorded, courseTitle } = await importSessionRegister(deps, actor, { courseKey, completedOn: options.on, csv });
        console.log(`Recorded ${courseTitle} on ${formatDate(options.on)} for ${recorded} member(s).`);
      });
    });

  subcommand(training, 'verify <recordId>', 'verify a completion a member confirmed through their link, so that it counts').action(
    acting(globals, async (deps, actor, recordId: string) => {
      const verified = await verifyTraining(deps, actor, { recordId });
      const what = `${verified.member.name} (${verified.member.reference}) completed ${verified.courseTitle} on ${formatDate(verified.completedOn)}`;
      console.log(verified.alreadyVerified ? `Already verified: ${what}; nothing changed.` : `Verified: ${what}. It counts from now.`);
    }),
  );

  showing(
    subcommand(training, 'pending', 'completions members confirmed that await verification, longest waiting first'),
    globals,
    pendingVerifications,
    (pending) => {
      if (pending.length === 0) return console.log('No completions await verification.');
      console.log(`${pending.length} completion(s) await verification, longest waiting first:`);
      for (const entry of pending) {
        const evidence = entry.evidenceRef ? `evidence ${entry.evidenceRef}` : 'no evidence reference';
        console.log(`\n${entry.recordId}`);
        console.log(`  ${entry.member.name} (${entry.member.reference}): ${entry.course.title}, completed on ${entry.completedOnText}`);
        console.log(`  ${evidence}; confirmed ${formatDateTime(entry.confirmedAt)}`);
      }
      console.log('\nVerify one with `cpe training verify <record id>`.');
    },
  );

  showing(
    training
      .command('history <memberReference>')
      .description('every training record of a member, newest first by course, and where they stand today'),
    globals,
    async (deps, actor, memberReference: string) => trainingHistory(deps, actor, { memberReference }),
    (history) => {
      console.log(`${history.member.name} (${history.member.reference}) on ${formatDate(history.today)}`);
      if (history.courses.length === 0) return console.log('No training recorded yet.');
      for (const course of history.courses) {
        console.log(`\n${course.title} (${course.key}): ${standingOf(course.position)}`);
        for (const entry of course.records) console.log(`  ${describeEntry(entry)}`);
      }
    },
  );
}

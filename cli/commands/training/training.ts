import type { Command } from 'commander';

import { formatShortDate } from '../../../domain/calendar';
import { STATE_LABELS } from '../../../domain/training/reports';
import { complianceMatrix } from '../../../services/training/training';
import { commandGroup, showing, subcommand, type GlobalOptions } from '../../context';
import { registerCourseCommands } from './courses';

export const TRAINING_DESCRIPTION = "members' training: courses, completions, compliance and renewals";

export function registerTrainingCommands(program: Command, globals: () => GlobalOptions): void {
  const training = commandGroup(program, 'training', TRAINING_DESCRIPTION);
  registerCourseCommands(training, globals);

  showing(
    subcommand(training, 'matrix', 'members × courses: valid, due soon, lapsed or never done, with the dates').option(
      '--on <date>',
      'the day to show (default today)',
    ),
    globals,
    async (deps, actor, options: { on?: string }) => complianceMatrix(deps, actor, { on: options.on }),
    (matrix) => {
      console.log(`${'Member'.padEnd(34)}${matrix.courses.map((course) => course.key.slice(0, 24).padEnd(26)).join('')}`);
      for (const row of matrix.rows) {
        const cells = row.cells.map((cell) => {
          const date = cell.dueBy ? ` ${formatShortDate(cell.dueBy)}` : '';
          return `${STATE_LABELS[cell.state]}${cell.state === 'NOT_REQUIRED' ? '' : date}`.slice(0, 25).padEnd(26);
        });
        console.log(`${`${row.compliant ? ' ' : '!'} ${row.memberName}`.slice(0, 33).padEnd(34)}${cells.join('')}`);
      }
    },
  );
}

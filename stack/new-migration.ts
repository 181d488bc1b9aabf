import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../config/env';
import { projectRoot } from './project-root';

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql for the schema
 * changes since the last committed migration. With the JavaScript schema
 * engine `migrate dev` and diffs from migrations or a live database do not
 * work (see README), so this diffs two datamodels: the schema as it was when
 * the last migration was committed, and the schema now. The engine still
 * needs a reachable database (DATABASE_URL, or `npm start`'s embedded one).
 */
function main(): void {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('Usage: npm run db:migration -- <name>, where name is lower_snake_case, e.g. add_panel_chair');
    process.exit(2);
  }
  const root = projectRoot();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const base = git('log', '-1', '--format=%H', '--', 'prisma/migrations');
  const previous = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-migration-')), 'previous.prisma');
  fs.writeFileSync(previous, git('show', `${base}:prisma/schema.prisma`));
  const sql = execFileSync(
    process.execPath,
    [
      require.resolve('prisma/build/index.js'),
      'migrate',
      'diff',
      '--from-schema-datamodel',
      previous,
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: loadConfig().databaseUrl, CHECKPOINT_DISABLE: '1' } },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log('The schema has not changed since the last migration.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`Wrote ${path.relative(root, dir)}/migration.sql; \`npm start\` applies it.`);
}

main();

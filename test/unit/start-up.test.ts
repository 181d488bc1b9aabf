import { folderClosedToOthers } from '../../stack/postgres';
import { seedsDemoCouncil } from '../../stack/demo-seed';

const embedded = (postgres: boolean) => ({ postgres, temporal: true, mail: true });

test('the demo council is seeded only into the embedded local database, and never in production', () => {
  expect(seedsDemoCouncil({ NODE_ENV: 'development', embedded: embedded(true) })).toBe(true);
  expect(seedsDemoCouncil({ NODE_ENV: 'development', embedded: embedded(false) })).toBe(false);
  expect(seedsDemoCouncil({ NODE_ENV: 'production', embedded: embedded(true) })).toBe(false);
  expect(seedsDemoCouncil({ NODE_ENV: 'production', embedded: embedded(false) })).toBe(false);
});

test('a clone inside a folder only root can enter (such as /root) is named as the folder the postgres user cannot reach', () => {
  const modes: Record<string, number> = { '/': 0o755, '/root': 0o700, '/root/cpe': 0o755, '/root/cpe/node_modules': 0o755 };
  expect(folderClosedToOthers('/root/cpe/node_modules', (dir) => modes[dir]!)).toBe('/root');
  expect(folderClosedToOthers('/srv/cpe', (dir) => ({ '/': 0o755, '/srv': 0o755, '/srv/cpe': 0o755 })[dir]!)).toBeNull();
  // A `mktemp -d` folder is 700 even inside /tmp (1777).
  expect(
    folderClosedToOthers(
      '/tmp/tmp.x1/cpe',
      (dir) => ({ '/': 0o755, '/tmp': 0o1777, '/tmp/tmp.x1': 0o700, '/tmp/tmp.x1/cpe': 0o755 })[dir]!,
    ),
  ).toBe('/tmp/tmp.x1');
});

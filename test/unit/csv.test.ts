import { parse } from 'csv-parse/sync';

import { toCsv } from '../../render/csv';

test('text that a spreadsheet would run as a formula is neutralised; ordinary text and numbers are untouched', () => {
  const csv = toCsv(
    [
      { name: '=HYPERLINK("http://evil.example","Click")', count: -3 },
      { name: '+44 1234', count: 2 },
      { name: 'Siân Price', count: 0 },
    ],
    ['name', 'count'],
  );
  expect(parse(csv, { columns: true, bom: true })).toEqual([
    { name: `'=HYPERLINK("http://evil.example","Click")`, count: '-3' },
    { name: "'+44 1234", count: '2' },
    { name: 'Siân Price', count: '0' },
  ]);
});

import { z } from 'zod';

import { decodeCsv, MAX_CSV_BYTES, readCsvRows } from '../../services/csv-import';
import { InputError, type FieldProblem } from '../../services/errors';

const contactRow = z.object({
  name: z.string({ error: 'is required' }),
  email: z.string({ error: 'is required' }).includes('@', { error: 'must be an email address, e.g. name@council.gov.uk' }),
  note: z.string().optional(),
});
const COLUMNS = ['name', 'email'];

const read = (file: Uint8Array | string) => readCsvRows(file, contactRow, COLUMNS);

/** The problems an InputError from `action` lists. */
function problemsOf(action: () => unknown): FieldProblem[] {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Bytes as Excel's "CSV (Comma delimited)" saves them: Windows-1252, lines ending CR LF. */
const windows1252 = (bytes: number[]) => Buffer.from(bytes);
const ascii = (text: string) => [...Buffer.from(text, 'ascii')];

describe('decoding a CSV file', () => {
  test('UTF-8 without a byte order mark is read as UTF-8', () => {
    expect(decodeCsv(Buffer.from('Siân,Llŷr-Prŷs,Ŵyn,Łucja'))).toBe('Siân,Llŷr-Prŷs,Ŵyn,Łucja');
  });

  test('UTF-8 with a byte order mark is read as UTF-8, the mark kept for the parser so the text is as long as the file', () => {
    const file = Buffer.concat([UTF8_BOM, Buffer.from('Siân')]);
    expect(decodeCsv(file)).toBe('\ufeffSiân');
    expect(Buffer.byteLength(decodeCsv(file))).toBe(file.length);
  });

  test('bytes that are not UTF-8 are Windows-1252: 0xE2 is â, 0x80 €, 0x92 ’', () => {
    expect(decodeCsv(windows1252([...ascii('Si'), 0xe2, ...ascii('n '), 0x80, ...ascii('5 O'), 0x92, ...ascii('Brien')]))).toBe(
      'Siân €5 O’Brien',
    );
  });

  test('every byte from 0x80 to 0x9F is the Windows-1252 character, not a Latin-1 control character', () => {
    const decoded = decodeCsv(windows1252([0xe2, ...Array.from({ length: 32 }, (_, index) => 0x80 + index)])).slice(1);
    expect(decoded).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
  });
});

describe('reading a CSV file', () => {
  const expected = [
    { row: 2, data: { name: 'Siân Lloyd', email: 'sian@example.org', note: '€5 O’Brien' } },
    { row: 3, data: { name: 'Dafydd Ap Rhys', email: 'dafydd@example.org' } },
  ];

  test('the same rows come from UTF-8, UTF-8 with a byte order mark, and Windows-1252 bytes, and from text', () => {
    const text = 'Name,Email,Note\r\nSiân Lloyd,sian@example.org,€5 O’Brien\r\nDafydd Ap Rhys,dafydd@example.org,\r\n';
    const excel = windows1252([
      ...ascii('Name,Email,Note\r\nSi'),
      0xe2,
      ...ascii('n Lloyd,sian@example.org,'),
      0x80,
      ...ascii('5 O'),
      0x92,
      ...ascii('Brien\r\nDafydd Ap Rhys,dafydd@example.org,\r\n'),
    ]);
    for (const file of [Buffer.from(text), Buffer.concat([UTF8_BOM, Buffer.from(text)]), excel, text]) {
      expect(read(file)).toEqual({ rows: expected, problems: [] });
    }
  });

  test('names from UTF-8 bytes arrive as spelt: Llŷr-Prŷs, Ŵyn, Łucja', () => {
    const file = Buffer.from('name,email\nLlŷr-Prŷs,l@example.org\nŴyn,w@example.org\nŁucja,l2@example.org\n');
    expect(read(file).rows.map((row) => row.data.name)).toEqual(['Llŷr-Prŷs', 'Ŵyn', 'Łucja']);
  });

  test('a problem names the line its row starts on, past blank lines, empty spreadsheet rows and cells of several lines', () => {
    const lines = [
      '', // 1: a blank line before the header
      'name,email,note', // 2
      'Siân Lloyd,sian@example.org,"Chair of the panel,', // 3: a cell of three lines
      '', // 4
      'since May"', // 5
      ',,', // 6: a spreadsheet's empty row
      '', // 7
      'Llŷr Evans,not an address,', // 8
      'Ŵyn Jones,"wyn', // 9: a cell of two lines
      '@example.org",', // 10
      ',nobody@example.org,', // 11
    ];
    for (const ending of ['\n', '\r\n']) {
      const { rows, problems } = read(Buffer.from(lines.join(ending)));
      expect(rows.map((row) => [row.row, row.data.name])).toEqual([
        [3, 'Siân Lloyd'],
        [9, 'Ŵyn Jones'],
      ]);
      expect(problems).toEqual([
        { field: 'row 8, email', message: 'must be an email address, e.g. name@council.gov.uk' },
        { field: 'row 11, name', message: 'is required' },
      ]);
    }
  });

  test('a header without a column named is refused, naming its line', () => {
    expect(problemsOf(() => read(Buffer.from('\n\nname,mail\nSiân,sian@example.org\n')))).toEqual([
      { field: 'header (row 3)', message: 'is missing column(s) email; expected name, email' },
    ]);
  });

  test('a row with too few cells is refused as unreadable, with the line csv-parse names', () => {
    const [problem] = problemsOf(() => read(Buffer.from('name,email\r\n\r\nSiân,"sian\r\n@example.org"\r\nLlŷr\r\n')));
    expect(problem?.field).toBe('file');
    expect(problem?.message).toMatch(/^is not a readable CSV file \(.*on line 5\)$/);
  });

  test('a file holding NUL, which Postgres cannot store, is refused naming the line', () => {
    expect(problemsOf(() => read(Buffer.from('name,email\nSi\u0000ân,sian@example.org\n')))).toEqual([
      { field: 'file', message: 'must not contain the control character NUL (line 2); remove it' },
    ]);
  });

  test('a file over the limit is refused before it is read', () => {
    expect(problemsOf(() => read(Buffer.alloc(MAX_CSV_BYTES + 1, 'a')))).toEqual([
      { field: 'file', message: 'is larger than 1 MB; split it into smaller files' },
    ]);
  });
});

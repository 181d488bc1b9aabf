import { html } from '../../render/html';
import { a4Document, contentWidth, drawTable, fitToFigures, reportPdf, rowHeaderShare, useStyle, STYLES } from '../../render/pdf';
import { reportEmailDocument, tableHtml } from '../../render/report-html';
import { type ReportTable } from '../../render/report-table';
import { pdfPages } from '../support/pdf';

const label = (index: number): string => `Row ${String(index + 1).padStart(2, '0')}`;

/** Forty rows of three lines each: more than one A4 page holds. */
const longTable: ReportTable = {
  heading: 'Long table',
  caption: 'A table too long for one page',
  headers: ['Name', 'Count', 'Notes'],
  rows: Array.from({ length: 40 }, (_, index) => [
    label(index),
    String(index),
    [{ text: `First of ${label(index)}`, emphasis: 'strong' }, { text: `Second of ${label(index)}` }, { text: `Last of ${label(index)}` }],
  ]),
  whenEmpty: 'Nothing to show.',
  align: 'left',
};

describe('PDF table', () => {
  async function pages(table: ReportTable): Promise<string[]> {
    const pdf = await reportPdf({ title: 'Test', author: 'Test', subject: 'Test', layout: 'portrait', margin: 50 }, (doc) =>
      drawTable(doc, table, rowHeaderShare(0.3)),
    );
    return pdfPages(pdf);
  }

  test('repeats the header row on every page it runs onto', async () => {
    const drawn = await pages(longTable);
    expect(drawn.length).toBeGreaterThan(1);
    for (const page of drawn) expect(page).toMatch(/Name\s+Count\s+Notes/);
  });

  test('draws every row once and never splits a row across pages', async () => {
    const drawn = await pages(longTable);
    longTable.rows.forEach((_, index) => {
      const holding = drawn.filter((page) => page.includes(`${label(index)} `));
      expect(holding).toHaveLength(1);
      expect(holding[0]).toContain(`Last of ${label(index)}`);
    });
  });

  test('says so in place of the rows when there are none', async () => {
    const [page] = await pages({ ...longTable, rows: [] });
    expect(page).toContain('Nothing to show.');
  });
});

describe('PDF column widths', () => {
  const doc = a4Document({ margin: 50 });
  const sum = (widths: number[]) => widths.reduce((total, width) => total + width, 0);

  test('a row-header share gives the row headers that share and the other columns equal parts of the rest', () => {
    const widths = rowHeaderShare(0.25)(doc, longTable);
    expect(widths[0]).toBeCloseTo(contentWidth(doc) * 0.25);
    expect(widths[1]).toBeCloseTo(widths[2]!);
    expect(sum(widths)).toBeCloseTo(contentWidth(doc));
  });

  test('fitting to figures makes each figure column wide enough for its widest figure, and the row headers take the rest', () => {
    const figures: ReportTable = {
      ...longTable,
      headers: ['Name', 'Total'],
      rows: [
        ['One', '1'],
        ['Many', '1234567890123'],
      ],
    };
    const widths = fitToFigures(doc, figures);
    expect(widths[1]).toBeGreaterThan(useStyle(doc, STYLES.strongCell).widthOfString('1234567890123'));
    expect(sum(widths)).toBeCloseTo(contentWidth(doc));
  });
});

describe('HTML table', () => {
  test('a cell of several lines breaks between them, bold for strong lines and red as well for alerts; text is escaped', () => {
    const markup = tableHtml({
      ...longTable,
      rows: [['A & B', [{ text: 'Lapsed', emphasis: 'alert' }, { text: 'Due <soon>' }], [{ text: 'Valid', emphasis: 'strong' }]]],
    }).value;
    expect(markup).toContain('>A &amp; B</th>');
    expect(markup).toContain('<span style="font-weight:700;color:#d4351c">Lapsed</span><br />Due &lt;soon&gt;</td>');
    expect(markup).toContain('<span style="font-weight:700">Valid</span></td>');
  });

  test('one-line cells are plain text, aligned as the table says after the row headers', () => {
    const markup = tableHtml({ ...longTable, align: 'right', rows: [['Total', '3', 'n/a']] }).value;
    expect(markup).toContain('text-align:left">Name</th>');
    expect(markup).toContain('text-align:right">Count</th>');
    expect(markup).toContain('text-align:right">3</td>');
  });

  test('a table without rows says so across all its columns', () => {
    expect(tableHtml({ ...longTable, rows: [] }).value).toMatch(/<td colspan="3"[^>]*>Nothing to show\.<\/td>/);
  });
});

describe('report email document', () => {
  const email = { title: 'Report <A>', periodLabel: 'Q1', details: ['Council'], width: 640, body: html`<p>Body</p>` };

  test('titles the document with the report and period, heads it, and fixes its width for Outlook too', () => {
    const document = reportEmailDocument(email);
    expect(document).toContain('<title>Report &lt;A&gt;, Q1</title>');
    expect(document).toContain('>Report &lt;A&gt;</h1>');
    expect(document).toContain('<p style="margin:0">Council</p>');
    expect(document).toContain('<p>Body</p>');
    expect(document).toContain('<!--[if mso]><table role="presentation" width="640"');
    expect(document).toContain('max-width:640px');
  });

  test('has a hidden preheader only when given one', () => {
    expect(reportEmailDocument({ ...email, preheader: 'In short' })).toContain('overflow:hidden">In short</span>');
    expect(reportEmailDocument(email)).not.toContain('<span');
  });
});

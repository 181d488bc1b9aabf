import { escape, unescape } from 'html-escaper';

import { type IsoDate } from '../../domain/calendar';
import { type PublishedPledge } from '../../domain/pledge/published';
import { publishedPledgeHtml, publishedPledgePdf } from '../../render/pledge';
import { expectTaggedInEmbeddedArimo, pdfInfo, pdfStructure, pdfText, readPdf } from '../support/pdf';

type Member = PublishedPledge['members'][number];

const PATEL = 'Cllr Dev Patel <Ind & Green>';

const PLEDGE_TEXT = [
  'As corporate parents, we, the members of Northmere Borough Council,',
  'promise the children & young people in our care that we will:',
  '1. listen to you, and act on what you tell us;',
  '2. expect for you what any good parent expects for their own child;',
  '3. champion your education, health <and> wellbeing;',
  '',
  'We will review these promises with you every year.',
].join('\n');

const members: Member[] = [
  { name: 'Cllr Ada Okafor', signedOn: '2026-05-19' },
  { name: PATEL, signedOn: null },
  { name: 'Cllr Carys Price', signedOn: '2026-06-01' },
  { name: 'Cllr Dafydd Jones', signedOn: null },
];

function pledgeWith(people: Member[], details: Partial<PublishedPledge> = {}): PublishedPledge {
  return {
    councilName: 'Northmere Borough Council',
    yearLabel: '2026/27',
    version: '2026/27 v1',
    text: PLEDGE_TEXT,
    adoptedOn: '2026-05-19',
    childrenInCareCouncilNote: 'The Children in Care Council co-wrote promises 1 and 3 & hosted the signing event.',
    members: people,
    signedCount: people.filter((member) => member.signedOn).length,
    asOf: '2026-06-02',
    ...details,
  };
}

const pledge = pledgeWith(members);

const GIVEN = ['Ada', 'Ben', 'Carys', 'Dev', 'Eve', 'Farah', 'Gareth', 'Hannah', 'Imran', 'Jo'];
const FAMILY = ['Okafor', 'Hughes', 'Price', 'Patel', 'Murphy', 'Khan'];

/** Sixty members, each name different; every fourth has not signed. */
const council60: Member[] = Array.from({ length: 60 }, (_, index) => ({
  name: `Cllr ${GIVEN[index % GIVEN.length]} ${FAMILY[Math.floor(index / GIVEN.length)]}`,
  signedOn: index % 4 === 3 ? null : (`2026-05-${String(10 + (index % 19)).padStart(2, '0')}` as IsoDate),
}));

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('published pledge web page', () => {
  const page = publishedPledgeHtml(pledge);

  /** Each member row as a reader meets it: the name, then what it says about their signature. */
  const rows = [...page.matchAll(/<th scope="row"[^>]*>(.*?)<\/th>\s*<td[^>]*>(.*?)<\/td>/g)].map(([, name = '', signature = '']) => ({
    name: unescape(name),
    signature: unescape(signature),
  }));

  test('has one h1 naming the council, the pledge and the year', () => {
    expect(page.match(/<h1/g)).toHaveLength(1);
    expect(page).toContain('<h1>Northmere Borough Council Corporate Parenting Pledge 2026/27</h1>');
  });

  test('lists every serving member once, in the order given, with nothing added', () => {
    expect(rows.map((row) => row.name)).toEqual(members.map((member) => member.name));
    for (const member of members) expect(occurrences(page, escape(member.name))).toBe(1);
  });

  test('says in words the weekday and date each member signed, or that they have not yet signed', () => {
    expect(rows.map((row) => row.signature)).toEqual([
      'Signed Tuesday 19 May 2026',
      'Not yet signed',
      'Signed Monday 1 June 2026',
      'Not yet signed',
    ]);
  });

  test('says how many members have signed and when the list was produced', () => {
    expect(page).toContain('2 of 4 members have signed');
    expect(page).toContain('List as at Tuesday 2 June 2026');
  });

  test('escapes names and pledge text containing < and &', () => {
    expect(page).toContain('Cllr Dev Patel &lt;Ind &amp; Green&gt;');
    expect(page).toContain('health &lt;and&gt; wellbeing');
    expect(page).toContain('children &amp; young people');
    expect(page).not.toContain('<Ind');
    expect(page).not.toContain('<and>');
  });

  test('keeps the pledge’s line breaks and its numbered promises, in order, as a numbered list', () => {
    const pledgeSection = page.slice(page.indexOf('<h2>Our pledge</h2>'), page.indexOf('Adopted by'));
    expect(pledgeSection).toContain('Northmere Borough Council,<br />promise the children');
    const promises = [...pledgeSection.matchAll(/<li value="(\d+)">(.*?)<\/li>/g)].map(([, number, text]) => `${number}. ${text}`);
    expect(promises).toEqual([
      '1. listen to you, and act on what you tell us;',
      '2. expect for you what any good parent expects for their own child;',
      '3. champion your education, health &lt;and&gt; wellbeing;',
    ]);
    expect(pledgeSection.indexOf('</ol>')).toBeLessThan(pledgeSection.indexOf('<p>We will review these promises with you every year.</p>'));
  });

  test('shows the adopted date, the Children in Care Council’s part and the version', () => {
    expect(page).toContain('Adopted by the council on Tuesday 19 May 2026');
    expect(page).toContain('<h2>How the Children in Care Council took part</h2>');
    expect(page).toContain('co-wrote promises 1 and 3 &amp; hosted the signing event');
    expect(page).toContain('Version 2026/27 v1');
  });

  test('leaves out the adopted date and the Children in Care Council section when there are none', () => {
    const draft = publishedPledgeHtml(pledgeWith(members, { adoptedOn: null, childrenInCareCouncilNote: null }));
    expect(draft).not.toContain('Adopted');
    expect(draft).not.toContain('Children in Care Council');
  });

  test('is the site’s page, readable on a phone, with a captioned table of members and a link to the PDF beside it', () => {
    expect(page).toContain('<meta name="viewport" content="width=device-width,initial-scale=1" />');
    expect(page).toContain('<html lang="en-GB">');
    expect(page).toMatch(
      /<caption[^>]*>\s*Every serving member of Northmere Borough Council, and whether they have signed the pledge\s*<\/caption>/,
    );
    expect(page).toContain('<a href="pledge.pdf">');
  });

  test('shows no email address or reference', () => {
    expect(page).not.toContain('@');
    expect(page).not.toContain('mailto:');
    expect(page).not.toMatch(/\bM-\d/);
  });
});

/** The PDF, its laid-out text one string per page, and all of it as lines. */
async function renderPdf(given: PublishedPledge) {
  const read = await readPdf(publishedPledgePdf(given));
  return { ...read, lines: read.pages.join('\n').split('\n') };
}

/** What is printed under a name in its column: the member's signature line. */
function textUnder(lines: string[], name: string): string {
  const row = lines.findIndex((line) => line.includes(name));
  const column = lines[row]?.indexOf(name) ?? -1;
  return (
    (lines[row + 1] ?? '')
      .slice(column)
      .trim()
      .split(/\s{2,}/)[0] ?? ''
  );
}

/** The smallest type any member's name is set in, in points: pdftotext boxes Arimo's words from ascent to descent, 1.117 em. */
function smallestNameType(pdf: Buffer, people: Member[]): number {
  const nameWords = new Set(people.flatMap((member) => member.name.split(' ')));
  const boxes = pdfText(pdf, { bbox: true }).matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)<\/word>/g);
  const heights = [...boxes].filter(([, , , word]) => nameWords.has(word ?? '')).map(([, top, foot]) => Number(foot) - Number(top));
  return Math.round((Math.min(...heights) / 1.117) * 10) / 10;
}

describe('Town Hall PDF', () => {
  /** The pledge's PDF, rendered and read once. */
  let town: Awaited<ReturnType<typeof renderPdf>>;
  beforeAll(async () => {
    town = await renderPdf(pledge);
  });

  test('is one A4 portrait page titled after the pledge, tagged, in the embedded Arimo fonts', () => {
    const { pdf, pages } = town;
    expect(pages).toHaveLength(1);
    const info = pdfInfo(pdf);
    expect(info).toMatch(/^Title:\s+Northmere Borough Council Corporate Parenting Pledge 2026\/27$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expectTaggedInEmbeddedArimo(pdf);
  });

  test('prints Welsh and Polish names as they are spelt: Llŷr-Prŷs, Ŵyn, Łucja', async () => {
    const people = [
      { name: 'Cllr Llŷr-Prŷs Jones', signedOn: '2026-05-19' },
      { name: 'Cllr Ŵyn Evans', signedOn: null },
      { name: 'Cllr Łucja Nowak', signedOn: null },
    ] satisfies Member[];
    const { pdf, text } = await renderPdf(pledgeWith(people, { councilName: 'Cyngor Sir Ynys Môn' }));
    for (const person of people) expect(occurrences(text, person.name)).toBe(1);
    expect(text).toContain('Cyngor Sir Ynys Môn');
    expectTaggedInEmbeddedArimo(pdf);
  });

  test('reads in order to a screen reader: the title as a heading, the promises and the members as lists, the frame and marks left out', () => {
    const structure = pdfStructure(town.pdf).replace(/\s+/g, ' ').trim();
    expect(structure).toContain('H1 (block) "Corporate Parenting Pledge"');
    expect(structure).toContain('L (block) LI (block) Lbl (block) "1." LBody (block) "listen to you, and act on what you tell us;"');
    expect(structure).toContain('H2 (block) "Signed by the members of the council"');
    expect(structure).toContain(
      'LI (block) LBody (block) P (block) "Cllr Ada Okafor" P (block) "Signed Tuesday 19 May 2026" LI (block) LBody (block) P (block) "Cllr Dev Patel <Ind & Green>" P (block) "Not yet signed"',
    );
    expect(structure).toMatch(/P \(block\) "Version 2026\/27 v1 · List as at Tuesday 2 June 2026"$/);
  });

  test('prints the title, the pledge with its line breaks and promises in order, the adopted date and the Children in Care Council’s part', () => {
    const { text, lines } = town;
    expect(text).toContain('Northmere Borough Council Corporate Parenting Pledge 2026/27');
    const pledgeLines = lines.map((line) => line.trim().replace(/\s+/g, ' ')).filter(Boolean);
    const start = pledgeLines.indexOf('As corporate parents, we, the members of Northmere Borough Council,');
    expect(pledgeLines.slice(start, start + 6)).toEqual([
      'As corporate parents, we, the members of Northmere Borough Council,',
      'promise the children & young people in our care that we will:',
      '1. listen to you, and act on what you tell us;',
      '2. expect for you what any good parent expects for their own child;',
      '3. champion your education, health <and> wellbeing;',
      'We will review these promises with you every year.',
    ]);
    expect(text).toContain('Adopted by the council on Tuesday 19 May 2026');
    expect(text).toContain('The Children in Care Council co-wrote promises 1 and 3 & hosted the signing event.');
  });

  test('prints every member’s name once, as given, with the weekday and date they signed or “Not yet signed” under it', () => {
    const { text, lines } = town;
    for (const member of members) expect(occurrences(text, member.name)).toBe(1);
    expect(members.map((member) => textUnder(lines, member.name))).toEqual([
      'Signed Tuesday 19 May 2026',
      'Not yet signed',
      'Signed Monday 1 June 2026',
      'Not yet signed',
    ]);
  });

  test('says how many have signed, and gives the version and “as at” date at the foot without a page number on one page', () => {
    const { text } = town;
    expect(text).toContain('2 of 4 members have signed');
    expect(text).toContain('Version 2026/27 v1 · List as at Tuesday 2 June 2026');
    expect(text).not.toContain('Page 1');
  });

  test('shows no email address or reference', () => {
    const { text } = town;
    expect(text).not.toContain('@');
    expect(text).not.toMatch(/\bM-\d/);
  });
});

describe('Town Hall PDF for a large council', () => {
  test('with 60 members every name is printed once, in type of at least 9 point, on no more than two pages', async () => {
    const { pdf, pages, text } = await renderPdf(pledgeWith(council60));
    expect(pages.length).toBeLessThanOrEqual(2);
    for (const member of council60) expect(occurrences(text, `${member.name} `)).toBe(1);
    expect(smallestNameType(pdf, council60)).toBeGreaterThanOrEqual(9);
    expect(text).toContain('45 of 60 members have signed');
  });

  test('a list too long for one page continues overleaf under a heading saying so, every page numbered', async () => {
    const crowd = [...council60, ...council60.map((member) => ({ ...member, name: `${member.name}-Jones` }))];
    const { pages, text } = await renderPdf(pledgeWith(crowd));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    expect(pages[0]).toContain(crowd[0]?.name);
    expect(pages[1]?.replace(/\s+/g, ' ')).toContain(
      'Northmere Borough Council Corporate Parenting Pledge 2026/27: members’ signatures, continued',
    );
    expect(pages.at(-1)).toContain(crowd.at(-1)?.name);
    for (const member of crowd) expect(occurrences(text, `${member.name} `)).toBe(1);
  });

  test('50 members fit on one page', async () => {
    const { pages, text } = await renderPdf(pledgeWith(council60.slice(0, 50)));
    expect(pages).toHaveLength(1);
    for (const member of council60.slice(0, 50)) expect(occurrences(text, `${member.name} `)).toBe(1);
  });
});

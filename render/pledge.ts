import { formatDate } from '../domain/calendar';
import type { PublishedPledge } from '../domain/pledge/published';
import { sumOf } from '../domain/reports/figures';
import { COLOURS } from './colours';
import { html, type SafeHtml } from './html';
import { page } from './page';
import { CELL, columnHeaderHtml, dataTableHtml, rowHeaderHtml } from './report-html';
import {
  a4Pdf,
  artifact,
  bottom,
  contentWidth,
  eachPage,
  ensureSpace,
  group,
  left,
  numberPages,
  STYLES,
  tag,
  useStyle,
  writeFooter,
  type Pdf,
  type Role,
  type Structure,
  type TextStyle,
} from './pdf';

type Member = PublishedPledge['members'][number];

// ───────────────────────────── shared wording ─────────────────────────────

const pledgeTitle = (pledge: PublishedPledge): string => `${pledge.councilName} Corporate Parenting Pledge ${pledge.yearLabel}`;

const signedCountText = (pledge: PublishedPledge): string => `${pledge.signedCount} of ${pledge.members.length} members have signed`;

const signatureText = (member: Member): string => (member.signedOn ? `Signed ${formatDate(member.signedOn)}` : 'Not yet signed');

const adoptedText = (pledge: PublishedPledge): string | null =>
  pledge.adoptedOn ? `Adopted by the council on ${formatDate(pledge.adoptedOn)}` : null;

const asOfText = (pledge: PublishedPledge): string => `List as at ${formatDate(pledge.asOf)}`;

/** The pledge text's blocks: paragraphs keep their line breaks, and runs of numbered lines are the promises. */
type PledgeBlock = { kind: 'paragraph'; lines: string[] } | { kind: 'promises'; promises: Array<{ number: string; text: string }> };

const NUMBERED_LINE = /^(\d+)[.)]\s+(.*)$/;

function pledgeBlocks(text: string): PledgeBlock[] {
  const blocks: PledgeBlock[] = [];
  let current: PledgeBlock | undefined;
  for (const line of text.split(/\r?\n/).map((raw) => raw.trim())) {
    const numbered = NUMBERED_LINE.exec(line);
    if (!line) current = undefined;
    else if (numbered) {
      if (current?.kind !== 'promises') blocks.push((current = { kind: 'promises', promises: [] }));
      current.promises.push({ number: numbered[1] ?? '', text: numbered[2] ?? '' });
    } else {
      if (current?.kind !== 'paragraph') blocks.push((current = { kind: 'paragraph', lines: [] }));
      current.lines.push(line);
    }
  }
  return blocks;
}

// ───────────────────────────── web page ─────────────────────────────

function pledgeBlockHtml(block: PledgeBlock): SafeHtml {
  if (block.kind === 'paragraph') return html`<p>${block.lines.map((line, index) => html`${index > 0 && html`<br />`}${line}`)}</p>`;
  // Each promise keeps the number the council gave it, even if the numbering skips.
  return html`<ol>
    ${block.promises.map((promise) => html`<li value="${promise.number}">${promise.text}</li>`)}
  </ol>`;
}

function memberRowHtml(member: Member): SafeHtml {
  return html`<tr>
    ${rowHeaderHtml(member.name)}
    <td style="${CELL}">${signatureText(member)}</td>
  </tr>`;
}

function signaturesHtml(pledge: PublishedPledge): SafeHtml {
  const caption = `Every serving member of ${pledge.councilName}, and whether they have signed the pledge`;
  const headers = [columnHeaderHtml('Member', 'left'), columnHeaderHtml('Signature', 'left')];
  return html`<h2>Members’ signatures</h2>
    <p><strong>${signedCountText(pledge)}</strong>.</p>
    ${dataTableHtml(caption, headers, pledge.members.map(memberRowHtml))}
    <p>${asOfText(pledge)}.</p>`;
}

/** The public page the council's website links to; the PDF for printing sits beside it as pledge.pdf. */
export function publishedPledgeHtml(pledge: PublishedPledge): string {
  const adopted = adoptedText(pledge);
  const note = pledge.childrenInCareCouncilNote;
  return page(
    pledgeTitle(pledge),
    html`<h1>${pledgeTitle(pledge)}</h1>
      <h2>Our pledge</h2>
      ${pledgeBlocks(pledge.text).map(pledgeBlockHtml)}
      <p>${adopted && html`${adopted}. `}Version ${pledge.version}.</p>
      ${
        note &&
        html`<h2>How the Children in Care Council took part</h2>
          <p>${note}</p>`
      }
      ${signaturesHtml(pledge)}
      <p><a href="pledge.pdf">Download the pledge for printing (PDF)</a></p>`,
  ).value;
}

// ───────────────────────────── PDF for the Town Hall ─────────────────────────────

const MARGINS = { top: 50, right: 58, bottom: 80, left: 58 };
/** The version and "as at" line sits this far up from the paper's foot, above where numberPages puts the page number. */
const FOOTER_FROM_FOOT = 62;
/** The double rule framing each page, inset from the paper's edge. */
const FRAME = { outer: 24, inner: 29 };

const DOCUMENT_STYLES = {
  council: { ...STYLES.body, size: 12, colour: COLOURS.muted },
  title: { ...STYLES.title, size: 28 },
  year: { ...STYLES.body, size: 16 },
  pledge: { ...STYLES.body, size: 12 },
  promiseNumber: { ...STYLES.emphasis, size: 12 },
  note: { ...STYLES.quote, size: 10, colour: COLOURS.muted },
  footer: { ...STYLES.small, size: 9 },
} satisfies Record<string, TextStyle>;

const PLEDGE_INDENT = 24;
const PROMISE_INDENT = 22;

/** One line across the content width in `style`, centred. */
const centred = (doc: Pdf, text: string, style: TextStyle) =>
  useStyle(doc, style).text(text, left(doc), doc.y, { width: contentWidth(doc), align: 'center' });

/** A centred line tagged as `role`, a paragraph unless said. */
function writeCentred(doc: Pdf, text: string, style: TextStyle, role: Role = 'P'): void {
  tag(doc, role, () => centred(doc, text, style));
}

function drawCentredRule(doc: Pdf, width: number): void {
  const middle = left(doc) + contentWidth(doc) / 2;
  artifact(doc, () =>
    doc
      .moveTo(middle - width / 2, doc.y)
      .lineTo(middle + width / 2, doc.y)
      .lineWidth(1)
      .strokeColor(COLOURS.text)
      .stroke(),
  );
}

function writeTitleBlock(doc: Pdf, pledge: PublishedPledge): void {
  writeCentred(doc, pledge.councilName, DOCUMENT_STYLES.council);
  doc.y += 8;
  writeCentred(doc, 'Corporate Parenting Pledge', DOCUMENT_STYLES.title, 'H1');
  doc.y += 2;
  writeCentred(doc, pledge.yearLabel, DOCUMENT_STYLES.year);
  doc.y += 12;
  drawCentredRule(doc, 96);
  doc.y += 16;
}

/** A promise as an item of the list: its number the label, its text the body. */
function writePromise(doc: Pdf, promise: { number: string; text: string }, list: Structure): void {
  const top = doc.y;
  group(
    doc,
    'LI',
    (item) => {
      tag(
        doc,
        'Lbl',
        () => useStyle(doc, DOCUMENT_STYLES.promiseNumber).text(`${promise.number}.`, left(doc) + PLEDGE_INDENT, top, { lineBreak: false }),
        item,
      );
      doc.y = top;
      tag(
        doc,
        'LBody',
        () =>
          useStyle(doc, DOCUMENT_STYLES.pledge).text(promise.text, left(doc) + PLEDGE_INDENT + PROMISE_INDENT, top, {
            width: contentWidth(doc) - 2 * PLEDGE_INDENT - PROMISE_INDENT,
            lineGap: 1.5,
          }),
        item,
      );
    },
    list,
  );
  doc.y += 4;
}

function writePledgeText(doc: Pdf, text: string): void {
  for (const block of pledgeBlocks(text)) {
    if (block.kind === 'promises') group(doc, 'L', (list) => block.promises.forEach((promise) => writePromise(doc, promise, list)));
    else
      tag(doc, 'P', () =>
        useStyle(doc, DOCUMENT_STYLES.pledge).text(block.lines.join('\n'), left(doc) + PLEDGE_INDENT, doc.y, {
          width: contentWidth(doc) - 2 * PLEDGE_INDENT,
          lineGap: 1.5,
        }),
      );
    doc.y += 6;
  }
}

function writeNotes(doc: Pdf, pledge: PublishedPledge): void {
  for (const note of [adoptedText(pledge), pledge.childrenInCareCouncilNote]) {
    if (!note) continue;
    writeCentred(doc, note, DOCUMENT_STYLES.note);
    doc.y += 3;
  }
}

// ─────────── the members, in columns ───────────

/** How the names are set: the first of these that fits every member on the first page is used, else the last, over pages. */
interface NameGrid {
  columns: number;
  name: TextStyle;
  signature: TextStyle;
  /** Space below each member. */
  gap: number;
}

/** The smallest type still legible on a wall: it holds 50 members under a pledge of a few promises. */
const COMPACT_GRID: NameGrid = { columns: 3, name: { ...STYLES.emphasis, size: 9 }, signature: { ...STYLES.small, size: 7.5 }, gap: 2.5 };

const NAME_GRIDS: NameGrid[] = [
  { columns: 2, name: { ...STYLES.emphasis, size: 12 }, signature: { ...STYLES.small, size: 9.5 }, gap: 9 },
  { columns: 3, name: { ...STYLES.emphasis, size: 10.5 }, signature: { ...STYLES.small, size: 8.5 }, gap: 7 },
  COMPACT_GRID,
];

const COLUMN_GUTTER = 14;
/** Room left of each name for its tick or open circle. */
const MARK_WIDTH = 14;

interface PlacedMember {
  member: Member;
  height: number;
}

const columnWidth = (doc: Pdf, grid: NameGrid): number => (contentWidth(doc) - (grid.columns - 1) * COLUMN_GUTTER) / grid.columns;

const textWidth = (doc: Pdf, grid: NameGrid): number => columnWidth(doc, grid) - MARK_WIDTH;

/** Each member with the height their name and signature line take in `grid`, a long name wrapping. */
function measureMembers(doc: Pdf, grid: NameGrid, members: Member[]): PlacedMember[] {
  const width = textWidth(doc, grid);
  return members.map((member) => {
    const name = useStyle(doc, grid.name).heightOfString(member.name, { width });
    const signature = useStyle(doc, grid.signature).heightOfString(signatureText(member), { width });
    return { member, height: name + signature + grid.gap };
  });
}

const columnHeight = (column: PlacedMember[]): number => sumOf(column.map((placed) => placed.height));

/** Every member in `columns` runs as even in count as can be, or null if the longest would not fit in `room` points. */
function balancedColumns(members: PlacedMember[], columns: number, room: number): PlacedMember[][] | null {
  const perColumn = Math.ceil(members.length / columns);
  const runs = Array.from({ length: columns }, (_, index) => members.slice(index * perColumn, (index + 1) * perColumn));
  return runs.every((run) => columnHeight(run) <= room) ? runs : null;
}

/** As many members as fill `columns` runs of `room` points each, in order; at least one a column so the list always moves on. */
function filledColumns(members: PlacedMember[], columns: number, room: number): PlacedMember[][] {
  const runs: PlacedMember[][] = [];
  let run: PlacedMember[] = [];
  for (const placed of members) {
    if (run.length && columnHeight(run) + placed.height > room) {
      runs.push(run);
      if (runs.length === columns) return runs;
      run = [];
    }
    run.push(placed);
  }
  return [...runs, run];
}

/** A tick for a member who has signed, an open circle for one who has not; the words beside it say the same. */
function drawMark(doc: Pdf, x: number, y: number, signed: boolean): void {
  doc.save();
  if (signed)
    doc
      .moveTo(x, y + 4.5)
      .lineTo(x + 3, y + 7.5)
      .lineTo(x + 8.5, y + 0.5)
      .lineWidth(1.5)
      .strokeColor(COLOURS.text)
      .stroke();
  else
    doc
      .circle(x + 4, y + 4, 3.5)
      .lineWidth(0.75)
      .strokeColor(COLOURS.muted)
      .stroke();
  doc.restore();
}

/** A member as an item of the list of members: the mark is decoration, as the words say the same. */
function drawMember(doc: Pdf, grid: NameGrid, placed: PlacedMember, at: { x: number; y: number; list: Structure }): void {
  const { x, y } = at;
  const width = textWidth(doc, grid);
  artifact(doc, () => drawMark(doc, x, y + 1.5, placed.member.signedOn !== null));
  group(
    doc,
    'LI',
    (item) =>
      group(
        doc,
        'LBody',
        (body) => {
          tag(doc, 'P', () => useStyle(doc, grid.name).text(placed.member.name, x + MARK_WIDTH, y, { width }), body);
          tag(doc, 'P', () => useStyle(doc, grid.signature).text(signatureText(placed.member), x + MARK_WIDTH, doc.y, { width }), body);
        },
        item,
      ),
    at.list,
  );
}

function drawColumns(doc: Pdf, grid: NameGrid, runs: PlacedMember[][], list: Structure): void {
  const top = doc.y;
  runs.forEach((run, column) => {
    const x = left(doc) + column * (columnWidth(doc, grid) + COLUMN_GUTTER);
    let y = top;
    for (const placed of run) {
      drawMember(doc, grid, placed, { x, y, list });
      y += placed.height;
    }
  });
  doc.x = left(doc);
  doc.y = top + Math.max(0, ...runs.map(columnHeight));
}

/** Repeats the title over the names continued on a new page: pagination, which a reader skips. */
function writeContinuedHeading(doc: Pdf, pledge: PublishedPledge): void {
  artifact(doc, () => centred(doc, `${pledgeTitle(pledge)}: members’ signatures, continued`, STYLES.heading), 'Pagination');
  doc.y += 16;
}

/**
 * Every member's name, one list in reading order, on this page if any grid fits, otherwise in the most
 * compact grid with the columns continuing overleaf.
 */
function drawMembers(doc: Pdf, pledge: PublishedPledge, list: Structure): void {
  const room = bottom(doc) - doc.y;
  for (const grid of NAME_GRIDS) {
    const runs = balancedColumns(measureMembers(doc, grid, pledge.members), grid.columns, room);
    if (runs) return drawColumns(doc, grid, runs, list);
  }
  let remaining = measureMembers(doc, COMPACT_GRID, pledge.members);
  while (remaining.length) {
    const space = bottom(doc) - doc.y;
    const runs = balancedColumns(remaining, COMPACT_GRID.columns, space) ?? filledColumns(remaining, COMPACT_GRID.columns, space);
    drawColumns(doc, COMPACT_GRID, runs, list);
    remaining = remaining.slice(runs.flat().length);
    if (remaining.length) {
      doc.addPage();
      writeContinuedHeading(doc, pledge);
    }
  }
}

/** The heading, count and first rows of names kept together. */
const SIGNATURES_START_HEIGHT = 150;

function writeSignatures(doc: Pdf, pledge: PublishedPledge): void {
  doc.y += 6;
  ensureSpace(doc, SIGNATURES_START_HEIGHT);
  drawCentredRule(doc, contentWidth(doc));
  doc.y += 10;
  writeCentred(doc, 'Signed by the members of the council', STYLES.heading, 'H2');
  doc.y += 1;
  writeCentred(doc, signedCountText(pledge), STYLES.body);
  doc.y += 10;
  if (pledge.members.length) group(doc, 'L', (list) => drawMembers(doc, pledge, list));
  else writeCentred(doc, 'The council has no serving members listed.', STYLES.body);
}

// ─────────── the document ───────────

function drawFrame(doc: Pdf): void {
  const { width, height } = doc.page;
  artifact(doc, () => {
    doc
      .rect(FRAME.outer, FRAME.outer, width - 2 * FRAME.outer, height - 2 * FRAME.outer)
      .lineWidth(1.5)
      .strokeColor(COLOURS.text)
      .stroke();
    doc
      .rect(FRAME.inner, FRAME.inner, width - 2 * FRAME.inner, height - 2 * FRAME.inner)
      .lineWidth(0.5)
      .strokeColor(COLOURS.text)
      .stroke();
  });
}

/**
 * The frame on every page, and the version and "as at" date at its foot; page numbers only once the list runs
 * overleaf. The foot is read once, last, as the first page's; on the pages after it repeats, as pagination.
 */
function finishPages(doc: Pdf, pledge: PublishedPledge): void {
  eachPage(doc, (number) => {
    drawFrame(doc);
    const writeFoot = () =>
      writeFooter(doc, `Version ${pledge.version}  ·  ${asOfText(pledge)}`, doc.page.height - FOOTER_FROM_FOOT, DOCUMENT_STYLES.footer);
    if (number === 1) tag(doc, 'P', writeFoot);
    else artifact(doc, writeFoot, 'Pagination');
  });
  if (doc.bufferedPageRange().count > 1) numberPages(doc, DOCUMENT_STYLES.footer);
}

/** The pledge as an A4 portrait document to frame in the Town Hall: the text, then every member's name and whether they have signed. */
export function publishedPledgePdf(pledge: PublishedPledge): Promise<Buffer> {
  const info = { Title: pledgeTitle(pledge), Author: pledge.councilName, Subject: `Corporate Parenting Pledge, version ${pledge.version}` };
  return a4Pdf({ margins: MARGINS, info }, (doc) => {
    writeTitleBlock(doc, pledge);
    writePledgeText(doc, pledge.text);
    writeNotes(doc, pledge);
    writeSignatures(doc, pledge);
    finishPages(doc, pledge);
  });
}

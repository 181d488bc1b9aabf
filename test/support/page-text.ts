import { unescape } from 'html-escaper';

const readable = (html: string) =>
  unescape(html.replace(/<[^>]+>/g, ' '))
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** A page's text as a person reads it: tags dropped, entities decoded, white space folded. */
export function textOf(html: string): string;
export function textOf(response: Response): Promise<string>;
export function textOf(page: string | Response): string | Promise<string> {
  return typeof page === 'string' ? readable(page) : page.text().then(readable);
}

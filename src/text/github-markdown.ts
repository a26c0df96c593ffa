import { cutTo } from './cut';

/**
 * Text on GitHub (a pull request, an issue) from what a target sent: an `@team` mention would
 * notify people, and raw HTML would render; both are made inert (a word joiner after `@`, `<`
 * escaped). A mention inside a code span or a coordinate (`User.email.@deprecated`) is left alone.
 */
export function neutralised(text: string): string {
  return text.replace(/(^|[^\w`.@])@(?=[\w-])/g, '$1@\u2060').replace(/</g, '&lt;');
}

/** GitHub refuses an issue or pull request body over 65,536 characters; this leaves room for the note. */
const MAX_BODY = 60_000;

/** Under GitHub's limit, saying what was cut and where the rest is. */
export function bounded(text: string, rest: string): string {
  if (text.length <= MAX_BODY) return text;
  return `${cutTo(text, MAX_BODY, '')}\n\n…cut here: the body was ${text.length} characters, over GitHub's limit; ${rest}.\n`;
}

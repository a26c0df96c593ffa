/**
 * The one gate every string passes before it leaves the process: report attachments, error
 * messages, logs and alerts. Two layers, because neither alone is enough:
 *  - patterns catch secrets we were never told about (a bearer token in a Playwright call log,
 *    an access_token in a body from a misbehaving server);
 *  - registered values catch secrets wherever they appear verbatim (the client secret echoed in
 *    a URL, a token quoted inside an error message).
 */

import { shown } from '../text/shown';

export const MASK = '[REDACTED]';

/** Values shorter than this are not registered: masking "a" everywhere would destroy the text. */
const MIN_SECRET_LENGTH = 6;

const registered = new Set<string>();

/** A run of this many characters of a token or secret is masked wherever it appears. */
export const FRAGMENT_LENGTH = 12;
/** The registered texts (a secret, a token, each as it may be encoded) whose every window is masked. */
const fragmentSources: string[] = [];
/** A window's place, packed in one number: the index of its text in fragmentSources, then its offset. */
const OFFSET_SPAN = 2 ** 24;
/**
 * Every FRAGMENT_LENGTH-character window of those texts, by its rolling hash: where one is (or,
 * when windows of different text share a hash, where each is). Every string we report passes
 * through here, so the scan must not cut a string per character: a hash that rolls in one step
 * tells the few places worth a look, and a look compares characters in place. Registering keeps
 * no copy of a window either: a run meets a thousand tokens, each with some 400 windows.
 */
const fragmentsByHash = new Map<number, number | number[]>();
/**
 * Which hashes may be in fragmentsByHash or byHead, as bits of a table: most places of a text hold
 * no secret, and one array read says so before a lookup in sets of a run's thousands of values.
 */
const MAY_BE = new Uint8Array(1 << 20);
const maybeIndex = (hash: number) => hash & 0xfffff;
/**
 * Registered values by the hash of their first MIN_SECRET_LENGTH characters, longest first, so a
 * token that contains a shorter secret is masked whole. One process holds the secrets of every
 * organisation of a run (thousands of values for fifty): a text is scanned once, not once a value.
 */
const byHead = new Map<number, string[]>();

/**
 * Remember a secret value (client secret, access token, webhook URL) so it is masked wherever it
 * appears. With `fragments` (tokens and secrets, whose characters are random), any 12-character
 * piece of it is masked too, so a server that echoes half a token leaks nothing; not for URLs,
 * whose pieces (a host name) are ordinary text.
 */
export function registerSecret(value: string | undefined | null, options: { fragments?: boolean } = {}): void {
  if (!value || value.length < MIN_SECRET_LENGTH || registered.has(value)) return;
  // Every request of a run is sent from the engine's process, where the reporters run too: a
  // token met there is masked in every report and alert, and is never written anywhere to share it.
  remember(value, !!options.fragments);
}

function remember(value: string, withFragments: boolean): void {
  // The value, and the same value encoded as a server may echo it: URL- or JSON-escaped, base64 or
  // base64url (inside a longer encoded text too, so in each of the three byte alignments), hex.
  const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), ...encodedForms(value)]);
  for (const form of forms) {
    if (withFragments && form.length >= FRAGMENT_LENGTH) rememberWindows(form);
    if (form.length >= MIN_SECRET_LENGTH && !registered.has(form)) {
      registered.add(form);
      const head = rollingHash(form, 0, MIN_SECRET_LENGTH);
      MAY_BE[maybeIndex(head)] = 1;
      const values = byHead.get(head) ?? [];
      byHead.set(
        head,
        [...values, form].sort((a, b) => b.length - a.length),
      );
    }
  }
}

/** Every window of a text, by its hash; a window already known (from this text or another) is kept once. */
function rememberWindows(form: string): void {
  const source = fragmentSources.push(form) - 1;
  let hash = windowHash(form, 0);
  // (A secret of 16 MB, past what a place can name, is not one a run meets.)
  for (let i = 0; i + FRAGMENT_LENGTH <= form.length && i < OFFSET_SPAN; i++) {
    if (i > 0) hash = rolledOn(hash, form, i, FRAGMENT_LENGTH, OUTGOING_WEIGHT);
    const place = source * OFFSET_SPAN + i;
    const known = fragmentsByHash.get(hash);
    if (known === undefined) fragmentsByHash.set(hash, place);
    else if (!windowAtAny(form, i, known)) fragmentsByHash.set(hash, typeof known === 'number' ? [known, place] : [...known, place]);
    MAY_BE[maybeIndex(hash)] = 1;
  }
}

/** Whether the window of `text` at `start` is the registered window at one of these places. */
function windowAtAny(text: string, start: number, places: number | number[]): boolean {
  if (typeof places === 'number') return windowAt(text, start, places);
  return places.some((place) => windowAt(text, start, place));
}

function windowAt(text: string, start: number, place: number): boolean {
  const source = fragmentSources[Math.floor(place / OFFSET_SPAN)]!;
  const offset = place % OFFSET_SPAN;
  for (let k = 0; k < FRAGMENT_LENGTH; k++) if (text.charCodeAt(start + k) !== source.charCodeAt(offset + k)) return false;
  return true;
}

/**
 * A value as base64, base64url and hex show it. Encoded inside a longer text (a JSON body, a
 * "Bearer …" header), the value starts 0, 1 or 2 bytes into a 3-byte group of base64: for each of
 * those starts, the characters that the value's bytes alone decide (not those it shares with what
 * comes before or after) are the same wherever it is embedded.
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: string[] = [bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // A character stands for 6 bits: those wholly inside the value's bits are its own.
    const first = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    const core = encoded.slice(first, end);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms)];
}

const HASH_BASE = 31;
/** HASH_BASE to the power FRAGMENT_LENGTH - 1, modulo 2^32: the weight of the character that rolls out. */
const OUTGOING_WEIGHT = Array.from({ length: FRAGMENT_LENGTH - 1 }).reduce<number>((weight) => Math.imul(weight, HASH_BASE), 1);

/** HASH_BASE to the power MIN_SECRET_LENGTH - 1: the same, for the heads of registered values. */
const HEAD_OUTGOING_WEIGHT = Array.from({ length: MIN_SECRET_LENGTH - 1 }).reduce<number>((weight) => Math.imul(weight, HASH_BASE), 1);

function rollingHash(text: string, start: number, length: number): number {
  let hash = 0;
  for (let i = start; i < start + length; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

const windowHash = (text: string, start: number) => rollingHash(text, start, FRAGMENT_LENGTH);

/** The hash of the window of this length starting at `start`, from the hash of the one starting a character before. */
function rolledOn(hash: number, text: string, start: number, length: number, outgoingWeight: number): number {
  return (Math.imul(hash - Math.imul(text.charCodeAt(start - 1), outgoingWeight), HASH_BASE) + text.charCodeAt(start + length - 1)) | 0;
}

/** Forget every registered secret (tests only). */
export function clearRegisteredSecrets(): void {
  registered.clear();
  fragmentSources.length = 0;
  fragmentsByHash.clear();
  byHead.clear();
  MAY_BE.fill(0);
}

const SECRET_KEYS = 'access_token|refresh_token|client_secret|id_token|password';

const PATTERNS: Array<[RegExp, string | ((...groups: string[]) => string)]> = [
  // Authorization headers in any rendering: "Bearer x", "authorization: x", "Authorization": "x".
  // A credential, not a word ("a Bearer access token" in a check's title stays as it is; tokens we
  // registered are masked whatever their shape): see looksLikeCredential.
  [/\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]+)/gi, (all: string, scheme: string, word: string) => (looksLikeCredential(word) ? `${scheme} ${MASK}` : all)],
  [/\b(authorization)(["']?\s*[:=]\s*["']?)(?!Bearer\b|Basic\b)[^\s"',}]+/gi, `$1$2${MASK}`],
  // JSON members: "access_token": "…"
  [new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`, 'gi'), `$1${MASK}$2`],
  // Escaped JSON inside a JSON string: \"access_token\":\"…\"
  [new RegExp(`(\\\\"(?:${SECRET_KEYS})\\\\"\\s*:\\s*\\\\")(?:[^"\\\\]|\\\\[^"])*(\\\\")`, 'gi'), `$1${MASK}$2`],
  // Form bodies and query strings: access_token=…&
  [new RegExp(`\\b((?:${SECRET_KEYS})=)[^&\\s"']+`, 'gi'), `$1${MASK}`],
  // Slack incoming webhooks carry their secret in the path.
  [/https:\/\/hooks\.slack(?:-gov)?\.com\/[^\s"'<>)]+/gi, `https://hooks.slack.com/${MASK}`],
];

/**
 * Whether what follows "Bearer" or "Basic" is a credential rather than a word: long (16 or more),
 * or 8 or more with a digit or a token's punctuation, or with capitals inside it (base64).
 */
function looksLikeCredential(word: string): boolean {
  if (word.length >= 16) return true;
  if (word.length < 8) return false;
  return /[0-9._~+/=-]/.test(word) || (/[a-z]/.test(word) && /[A-Z]/.test(word.slice(1)));
}

export function redact(text: string): string {
  let out = maskRegistered(text);
  out = maskFragments(out);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as never);
  return out;
}

/** Mask every registered value, leftmost and longest first, in one pass over the text. */
function maskRegistered(text: string): string {
  if (!byHead.size || text.length < MIN_SECRET_LENGTH) return text;
  let out = '';
  let copiedTo = 0;
  let hash = rollingHash(text, 0, MIN_SECRET_LENGTH);
  for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; i++) {
    if (i > 0) hash = rolledOn(hash, text, i, MIN_SECRET_LENGTH, HEAD_OUTGOING_WEIGHT);
    if (i < copiedTo || !MAY_BE[maybeIndex(hash)]) continue;
    const value = byHead.get(hash)?.find((candidate) => text.startsWith(candidate, i));
    if (!value) continue;
    out += `${text.slice(copiedTo, i)}${MASK}`;
    copiedTo = i + value.length;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** Mask every stretch of text made of registered 12-character fragments (overlapping ones merge). */
function maskFragments(text: string): string {
  if (!fragmentsByHash.size || text.length < FRAGMENT_LENGTH) return text;
  let out = '';
  let copiedTo = 0;
  let maskedTo = -1;
  let hash = windowHash(text, 0);
  for (let i = 0; i + FRAGMENT_LENGTH <= text.length; i++) {
    if (i > 0) hash = rolledOn(hash, text, i, FRAGMENT_LENGTH, OUTGOING_WEIGHT);
    if (!MAY_BE[maybeIndex(hash)]) continue;
    const places = fragmentsByHash.get(hash);
    if (places === undefined || !windowAtAny(text, i, places)) continue;
    if (i > maskedTo) {
      out += `${text.slice(copiedTo, i)}${MASK}`;
    }
    maskedTo = i + FRAGMENT_LENGTH;
    copiedTo = maskedTo;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** Redact any value for display: strings as they are, everything else as JSON (a short preview if it cannot be). */
export function redactValue(value: unknown): string {
  if (typeof value === 'string') return redact(value);
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    // Nested too deep to print (a hostile answer): a bounded preview says what it was.
    text = shown(value, 2_000);
  }
  return redact(text);
}

/**
 * Every string in a value (a judged outcome) masked against the secrets met by now, its shape
 * kept: masking its JSON instead could cut a JSON escape in two. A value judged before a token
 * it quotes was met is masked again this way when it is reported.
 */
export function redactStrings<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item)])) as T;
}

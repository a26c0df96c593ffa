/**
 * The Slack emoji our messages use, each with its Unicode character. Slack writes an emoji by its
 * name (`:x:`); an Adaptive Card in Teams shows the name as typed, so a card takes the character.
 * A verdict's icon is typed as one of these names, so a new one cannot miss its character.
 */
const EMOJI = {
  ':white_check_mark:': '\u2705',
  ':repeat:': '\u{1F501}',
  ':hourglass:': '\u231B',
  ':x:': '\u274C',
  ':no_entry:': '\u26D4',
  ':traffic_light:': '\u{1F6A5}',
  ':stopwatch:': '\u23F1\uFE0F',
  ':closed_lock_with_key:': '\u{1F510}',
  ':seedling:': '\u{1F331}',
  ':warning:': '\u26A0\uFE0F',
  ':stop_button:': '\u23F9\uFE0F',
  ':heavy_minus_sign:': '\u2796',
  ':floppy_disk:': '\u{1F4BE}',
} as const;

export type SlackEmoji = keyof typeof EMOJI;

/** A text with our Slack emoji names as their characters; any other name (the target's text) is left as it is. */
export const withEmojiCharacters = (text: string): string =>
  text.replace(/:[a-z_]+:/g, (name) => (Object.hasOwn(EMOJI, name) ? EMOJI[name as SlackEmoji] : name));

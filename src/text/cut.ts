/**
 * Text at most `max` characters long: cut, with the mark saying so, where it is longer. Never
 * between the two halves of a character outside the Basic Multilingual Plane (an emoji in a
 * message a target sent): half of one is no character at all, and XML (JUnit) cannot hold it.
 */
export function cutTo(text: string, max: number, mark: string): string {
  if (text.length <= max) return text;
  // A limit too small for the mark: the text alone, cut.
  if (mark.length > max) return cutTo(text, max, '');
  let end = max - mark.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${mark}`;
}

/** The first `shown` names and how many more: "acme, globex, initech and 47 more". All when they are no more than that. */
export function namedFew(names: readonly string[], shown: number): string {
  const more = names.length - shown;
  return more > 0 ? `${names.slice(0, shown).join(', ')} and ${more} more` : names.join(', ');
}

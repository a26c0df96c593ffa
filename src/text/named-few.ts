import { counted } from './counted';

/** The first `shown` names and how many more: "acme, globex, initech and 47 more". All when they are no more than that. */
export function namedFew(names: readonly string[], shown: number): string {
  const more = names.length - shown;
  return more > 0 ? `${names.slice(0, shown).join(', ')} and ${more} more` : names.join(', ');
}

/** "1 organisation", "48 organisations": how every output counts them. */
export const organisationsCounted = (count: number): string => counted(count, 'organisation');

/** One organisation by its name; several counted, then the first `shown` of them named: "50 organisations: acme, globex, initech and 47 more". */
export function organisationsNamed(names: readonly string[], shown: number): string {
  return names.length > 1 ? `${organisationsCounted(names.length)}: ${namedFew(names, shown)}` : names.join('');
}

/** What a contract check is about: the area its failures are filed, alerted and thresholded under. */
export const AREAS = ['auth', 'transport', 'paging', 'shape', 'schema', 'own'] as const;
export type Area = (typeof AREAS)[number];

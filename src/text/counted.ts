/** "1 page", "3 pages": a count and its noun, the noun plural by English's regular -s unless the count is one. */
export const counted = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** An interval as operators write it: a whole number with s, m or h (`15m`, `1h`); undefined when it is not one. */
export function parseInterval(text: string): number | undefined {
  const match = /^(\d+)(s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

/** How often runs are expected (MONITOR_EVERY, as the monitor's --every; the hourly workflow's hour otherwise). */
export function expectedEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  return parseInterval(env.MONITOR_EVERY ?? '') ?? 3_600_000;
}

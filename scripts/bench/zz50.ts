import { timedRunOfMany } from './run-concurrency';
const fmt = (r: { seconds: number; cpuSeconds: number; exitCode: number | null }) =>
  `${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU, exit ${r.exitCode}`;
await timedRunOfMany(1, 100);
const one = await timedRunOfMany(1, 100);
console.log('file of 1:', fmt(one));
const fifty = await timedRunOfMany(50, 100);
console.log('file of 50:', fmt(fifty), (fifty.seconds / one.seconds).toFixed(2), ((fifty.cpuSeconds - one.cpuSeconds) / 49).toFixed(2));

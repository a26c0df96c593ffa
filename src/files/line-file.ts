import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time: a file of any size is read, and copied, in this much memory. */
const CHUNK = 16 * 1024 * 1024;

/** A file of lines as read: its size, and whether it ends where a line ends (an append cut short does not). */
export interface LinesRead {
  size: number;
  endsWithNewline: boolean;
}

/**
 * Each line of a file (its text without the newline, where its bytes begin and end), read a chunk
 * at a time: ninety days of hundreds of organisations' history is more than one string, or one
 * Buffer (2 GiB), can hold. A line is split on its newline byte, which UTF-8 never uses otherwise.
 */
export function forEachLine(path: string, take: (text: string, start: number, end: number) => void, chunkBytes = CHUNK): LinesRead {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    // The start of a line not yet ended, carried from the chunk before.
    let carried = Buffer.alloc(0);
    let carriedFrom = 0;
    let position = 0;
    let last = -1;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkBytes, position);
      if (read === 0) break;
      const bytes = carried.length ? Buffer.concat([carried, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      const offset = position - carried.length;
      let from = 0;
      for (let newline = bytes.indexOf(0x0a, from); newline >= 0; newline = bytes.indexOf(0x0a, from)) {
        take(bytes.toString('utf8', from, newline), offset + from, offset + newline);
        from = newline + 1;
      }
      // Copied: the chunk's memory is read into again.
      carried = Buffer.from(bytes.subarray(from));
      carriedFrom = offset + from;
      last = bytes[bytes.length - 1]!;
      position += read;
    }
    if (carried.length) take(carried.toString('utf8'), carriedFrom, position);
    return { size: position, endsWithNewline: position === 0 || last === 0x0a };
  } finally {
    closeSync(fd);
  }
}

/** The bytes of a file from `start` to `end`, a chunk at a time. */
export function* bytesOf(path: string, ranges: Iterable<readonly [start: number, end: number]>, chunkBytes = CHUNK): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (const [start, end] of ranges)
      for (let at = start; at < end; ) {
        const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, end - at));
        const read = readSync(fd, chunk, 0, chunk.length, at);
        if (read === 0) throw new Error(`${path} ended at ${at} bytes, before ${end}: it changed while it was copied`);
        yield chunk.subarray(0, read);
        at += read;
      }
  } finally {
    closeSync(fd);
  }
}

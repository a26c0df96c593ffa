import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Write a file whole or not at all: write-file-atomic writes a temporary file beside it, fsyncs it,
 * renames it over the old one, and removes the temporary file when anything fails on the way (a
 * full disk must not leave empty *.tmp files behind, nor a half-written file in their place).
 */
export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic.sync(path, text);
}

let written = 0;

/**
 * The same promise for a file too large to be one string or one Buffer (V8 holds a string of at
 * most 2^29 characters; ninety days of a hundred organisations' history is more): written part by
 * part into a temporary file beside it, fsynced, renamed over it; the temporary file removed when
 * anything fails on the way.
 */
export function writeAtomicallyInParts(path: string, parts: Iterable<Uint8Array | string>): void {
  mkdirSync(dirname(path), { recursive: true });
  written += 1;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${written}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    for (const part of parts) {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(bytes.length - at, 64 * 1024 * 1024));
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        // The write's own error is the one to tell.
      }
    rmSync(temporary, { force: true });
    throw error;
  }
}

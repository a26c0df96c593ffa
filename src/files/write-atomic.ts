import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

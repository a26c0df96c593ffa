import { test, expect } from '../contract/base-test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesOf, forEachLine } from '../../src/files/line-file';
import { scratchDir } from '../support/scratch';

/** Lines as a reader of the whole file finds them: text, and where each one's bytes begin and end. */
function wholeFileLines(content: Buffer): Array<[string, number, number]> {
  const lines: Array<[string, number, number]> = [];
  let start = 0;
  for (;;) {
    const newline = content.indexOf(0x0a, start);
    const end = newline < 0 ? content.length : newline;
    if (newline >= 0 || end > start) lines.push([content.toString('utf8', start, end), start, end]);
    if (newline < 0) return lines;
    start = newline + 1;
  }
}

test.describe('a file of lines, a chunk at a time', () => {
  // Multi-byte characters, empty lines, a line longer than a chunk, and a last line with and without its newline.
  const contents = ['a\n{"target":"Ωmega — café"}\n\n\nlonger than any chunk of a few bytes: 0123456789abcdef\n€\n', 'no newline at the end: ✓✓✓', '\n', ''];

  for (const [nth, text] of contents.entries())
    test(`content ${nth + 1}: every chunk size finds the lines and offsets that reading the whole file finds, and copies back its bytes`, () => {
      const path = join(mkdtempSync(join(scratchDir(), 'pluvo-line-file-')), 'lines');
      const content = Buffer.from(text);
      writeFileSync(path, content);
      for (const chunkBytes of [1, 2, 3, 5, 7, 13, 64, 1 << 20]) {
        const found: Array<[string, number, number]> = [];
        const read = forEachLine(path, (line, start, end) => found.push([line, start, end]), chunkBytes);
        expect(found, `chunks of ${chunkBytes}`).toEqual(wholeFileLines(content));
        expect(read).toEqual({ size: content.length, endsWithNewline: content.length === 0 || content[content.length - 1] === 0x0a });
        const copied = Buffer.concat([
          ...bytesOf(
            path,
            found.map(([, start, end]) => [start, end] as const),
            chunkBytes,
          ),
        ]);
        expect(copied.toString('utf8'), `chunks of ${chunkBytes}`).toBe(found.map(([line]) => line).join(''));
      }
    });

  test('a file that shrank while it was copied is an error that says so, not a short copy', () => {
    const path = join(mkdtempSync(join(scratchDir(), 'pluvo-line-file-')), 'lines');
    writeFileSync(path, 'abc\n');
    expect(() => [...bytesOf(path, [[0, 10]])]).toThrow(`${path} ended at 4 bytes, before 10: it changed while it was copied`);
  });
});

import { inflateRawSync } from 'node:zlib';

/**
 * The entries of a zip archive as text, read from its central directory (the writer Playwright
 * uses puts sizes there, not in the local headers). Only what the secret scans need: stored and
 * deflated entries, no zip64, no encryption.
 */
export function zipEntries(zip: Buffer): Array<{ name: string; text: string }> {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('not a zip archive: no end of central directory');
  const count = zip.readUInt16LE(endOfDirectory + 10);
  let offset = zip.readUInt32LE(endOfDirectory + 16);
  const entries: Array<{ name: string; text: string }> = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, text: (method === 8 ? inflateRawSync(data) : data).toString('utf8') });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The report data that Playwright's HTML reporter embeds in index.html, entry by entry. */
export function htmlReportEntries(html: string): Array<{ name: string; text: string }> {
  const embedded = /id="playwrightReportBase64">data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html);
  return embedded ? zipEntries(Buffer.from(embedded[1]!, 'base64')) : [];
}

import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

/**
 * The commands of the README's shell blocks, as a user would copy them: a command is a line, or
 * lines joined by a trailing backslash; a comment after it (`  # …`) and lines that are only a
 * comment are not part of it. Blocks in other languages (cron, ini, json, plain text) are not
 * commands to run.
 */
export function readmeCommands(readme = readFileSync('README.md', 'utf8')): string[] {
  const commands: string[] = [];
  let inShell = false;
  let inBlock = false;
  let indent = '';
  let pending: string[] = [];
  for (const line of readme.split('\n')) {
    // A block may be indented, inside a list item: its lines are read without that indent.
    const fence = /^(\s*)```(\w*)\s*$/.exec(line);
    if (fence) {
      inShell = !inBlock && ['sh', 'bash', 'shell', 'console'].includes(fence[2]!);
      inBlock = !inBlock;
      indent = fence[1]!;
      pending = [];
      continue;
    }
    if (!inShell) continue;
    const code = withoutComment(line.startsWith(indent) ? line.slice(indent.length) : line).replace(/\s+$/, '');
    if (!code.trim() && !pending.length) continue;
    pending.push(code);
    if (!code.endsWith('\\')) {
      commands.push(pending.join('\n').trim());
      pending = [];
    }
  }
  return commands;
}

/** The line without a trailing `# comment` outside quotes; a line that is only a comment is empty. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).replace(/\s+$/, '');
  }
  return line;
}

/** The command as the README has it, with what only a user's machine has put in; each replaced text must be there. */
export function typedFrom(commands: readonly string[], command: string, replacements: Array<[string, string]> = []): string {
  expect(commands, 'the command is in the README').toContain(command);
  let text = command;
  for (const [from, to] of replacements) {
    expect(text, `"${from}" is in the command`).toContain(from);
    text = text.split(from).join(to);
  }
  return text;
}

/** "Use it in your repository": pack here, then install, init and run there (tests/selftest/package.spec.ts). */
export const PACKAGE_COMMANDS_OF_README = [
  'npm pack',
  'npm i -D ../pluvo-contract-monitor/pluvo-contract-monitor-0.1.0.tgz',
  'npx pluvo-monitor init',
  'npx pluvo-monitor run',
];

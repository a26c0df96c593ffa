#!/usr/bin/env node
/**
 * `pluvo-monitor`: the package's one command. Each subcommand is the script its npm script runs in
 * this repository, loaded into this process (so a signal reaches the command that handles it, with
 * no layer between), after the command line names it.
 */
import { pathToFileURL } from 'node:url';
import { closest } from '../src/config/json-file';
import { CONFIG_EXIT_CODE } from '../src/config/config-error';
import { engineModule, packageVersion } from '../src/files/engine-file';
import { invokedAs } from '../scripts/support/command-line';
import { commandOf, PACKAGE_COMMANDS } from '../scripts/support/commands';

const BIN = 'pluvo-monitor';

function usage(): string {
  const width = Math.max(...PACKAGE_COMMANDS.map((command) => command.name.length)) + 2;
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Contract tests and synthetic monitoring for the Pluvo GraphQL API.',
    '',
    'Commands:',
    ...PACKAGE_COMMANDS.filter((command) => !command.ci).map((command) => `  ${command.name.padEnd(width)}${command.says}`),
    '',
    'Steps of the generated workflows:',
    ...PACKAGE_COMMANDS.filter((command) => command.ci).map((command) => `  ${command.name.padEnd(width)}${command.says}`),
    '',
    `  --version${' '.repeat(Math.max(2, width - 9))}the package's version`,
    `  --help${' '.repeat(Math.max(2, width - 6))}this text; ${BIN} <command> --help says what a command takes`,
    '',
  ].join('\n');
}

function refuse(problem: string): never {
  process.stderr.write(`${BIN}: ${problem}. See ${BIN} --help.\n`);
  process.exit(CONFIG_EXIT_CODE);
}

const argv = process.argv.slice(2);
const first = argv[0];
if (first === '--help' || first === '-h' || first === 'help') {
  process.stdout.write(usage());
  process.exit(0);
}
// Bare, it has nothing to do: the commands, on stderr, and the exit of a mistaken command line.
if (first === undefined) {
  process.stderr.write(usage());
  process.exit(CONFIG_EXIT_CODE);
}
if (first === '--version' || first === '-v') {
  process.stdout.write(`${packageVersion()}\n`);
  process.exit(0);
}
const chosen = commandOf(argv);
if (!chosen) {
  const names = [...new Set(PACKAGE_COMMANDS.map((command) => command.name.split(' ')[0]!))];
  const meant = closest(first, names);
  refuse(
    first.startsWith('-')
      ? `${first} comes after a command (${names.join(', ')})`
      : `no command "${first}"${meant ? ` (did you mean ${BIN} ${PACKAGE_COMMANDS.find((command) => command.name.startsWith(meant))!.name}?)` : ''}`,
  );
}
invokedAs(`${BIN} ${chosen.command.name}`);
// The sandbox is a program of its own, with its own command line (it imports nothing of ours).
if (chosen.command.script === 'sandbox/cli') (await import('../sandbox/cli-options')).sandboxTypedAs(`${BIN} sandbox`);
// The script reads its own command line as its npm script does: what follows its name.
process.argv = [process.argv[0]!, engineModule(chosen.command.script), ...(chosen.command.leading ?? []), ...chosen.rest];
await import(pathToFileURL(engineModule(chosen.command.script)).href);

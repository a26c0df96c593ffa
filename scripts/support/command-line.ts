import { parseArgs } from 'node:util';
import { CONFIG_EXIT_CODE } from '../../src/config/config-error';
import { closest } from '../../src/config/json-file';

/** An option of a command, as its help shows it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's name in the help ("NAME", "60m"); a string option only. */
  value?: string;
  /** What it does, in a line. */
  says: string;
  /** Given more than once, each kept (a string option: `--target acme --target globex`). */
  multiple?: boolean;
}

/**
 * A command of ours as a person types it: its usage, what it does and its options. `--help` (or
 * `-h`) prints this and does nothing else; a mistaken option or argument is one line naming the
 * fix, exit 2, before the command does anything.
 */
export interface CommandSpec {
  /** The name its lines begin with: "baseline". */
  name: string;
  /** As it is typed: "npm run baseline". */
  typed: string;
  /** What it does, a few lines. */
  does: string;
  options?: Record<string, OptionSpec>;
  /** The positional arguments it takes, as its usage shows them ("[folder]"), and how many at most. */
  positionals?: { shown: string; max: number };
  /** Examples, each a command and what it does. */
  examples?: Array<[string, string]>;
}

const HELP: OptionSpec = { type: 'boolean', says: 'this text; does nothing else' };

/** The package's command this process was started as ("pluvo-monitor baseline"); none through an npm script. */
let packageCommand: string | undefined;

/** Said by the package's bin before it loads a command: the command's help and refusals then show it as typed there. */
export function invokedAs(command: string): void {
  packageCommand = command;
}

/** How a person typed this command, and the words before its options: npm needs a `--`, the bin does not. */
export function typedAs(npmForm: string): { typed: string; beforeOptions: string } {
  return packageCommand ? { typed: packageCommand, beforeOptions: '' } : { typed: npmForm, beforeOptions: '-- ' };
}

/** The help a command prints for --help. */
export function helpText(spec: CommandSpec): string {
  const options = { ...spec.options, help: HELP };
  const shown = Object.entries(options).map(([name, option]) => [`--${name}${option.value ? ` ${option.value}` : ''}`, option.says] as const);
  const width = Math.max(...shown.map(([left]) => left.length)) + 2;
  const { typed, beforeOptions } = typedAs(spec.typed);
  const lines = [
    `Usage: ${typed} [${beforeOptions}options]${spec.positionals ? ` ${spec.positionals.shown}` : ''}`,
    '',
    spec.does.trim(),
    '',
    ...shown.map(([left, says]) => `  ${left.padEnd(width)}${says}`),
  ];
  if (spec.examples?.length) {
    const exampleWidth = Math.max(...spec.examples.map(([command]) => command.length)) + 2;
    lines.push('', 'Examples:', ...spec.examples.map(([command, what]) => `  ${command.padEnd(exampleWidth)}${what}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Whether the words before a `--` (those after it are for something else) ask for help. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((word) => word === '--help' || word === '-h');
}

/** Print the help and end, exit 0, when it is asked for: before anything else is read or done. */
export function answerHelp(spec: CommandSpec, argv: readonly string[] = process.argv.slice(2)): void {
  if (!asksForHelp(argv)) return;
  process.stdout.write(helpText(spec));
  process.exit(0);
}

/** The one line that says a mistake: the command, the problem, and where the help is. */
export function refusal(spec: Pick<CommandSpec, 'name' | 'typed'>, problem: string): string {
  const { typed, beforeOptions } = typedAs(spec.typed);
  return `${spec.name}: ${problem.replace(/\.$/, '')}. See ${typed} ${beforeOptions}--help.`;
}

/** One line on stderr, naming the command and the fix, and exit 2: our user's mistake, said before any work. */
export function refuse(spec: Pick<CommandSpec, 'name' | 'typed'>, problem: string): never {
  process.stderr.write(`${refusal(spec, problem)}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

/** What Node's parser said, as a person would want it said: the option they may have meant. */
export function explainArgumentError(error: Error, options: Readonly<Record<string, Pick<OptionSpec, 'value'>>>): string {
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(error.message);
  if (unknown) {
    const meant = closest(unknown[2]!, [...Object.keys(options), 'help']);
    return `unknown option ${unknown[1]}${unknown[2]}${meant ? ` (did you mean --${meant}?)` : ''}`;
  }
  // Node's "Option '--target <value>' argument missing", said with the value the help names.
  const missing = /Option '(?:-\w, )?--([\w-]+) <value>' argument missing/.exec(error.message);
  if (missing) return `--${missing[1]} takes a value: --${missing[1]} ${options[missing[1]!]?.value ?? '<value>'}`;
  return error.message.replace(/\.$/, '').replace(/ To specify a positional argument.*$/, '');
}

/** What a command line says: help asked for, a mistake (one line), or the options and words given. */
export type CommandLine = { help: true } | { problem: string } | { values: CommandValues; positionals: string[] };

/** The options given, by name: a string, a flag, or every value of a `multiple` option. */
export type CommandValues = Record<string, string | boolean | string[] | undefined>;

/** A command's arguments, read strictly and said as they are, without printing or exiting. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): CommandLine {
  if (asksForHelp(argv)) return { help: true };
  const options = Object.fromEntries(
    Object.entries(spec.options ?? {}).map(([name, option]) => [name, { type: option.type, multiple: option.multiple === true }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    return { problem: explainArgumentError(error as Error, spec.options ?? {}) };
  }
  const extra = parsed.positionals[spec.positionals?.max ?? 0];
  if (extra !== undefined) return { problem: `unexpected argument "${extra}"` };
  return { values: parsed.values as CommandValues, positionals: parsed.positionals };
}

/**
 * A command's arguments, read strictly: help answered first (exit 0), a mistake one line (exit 2),
 * both before the command does anything.
 */
export function readCommandLine(spec: CommandSpec, argv: readonly string[] = process.argv.slice(2)): { values: CommandValues; positionals: string[] } {
  const line = parseCommandLine(spec, argv);
  if ('help' in line) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  if ('problem' in line) refuse(spec, line.problem);
  return line;
}

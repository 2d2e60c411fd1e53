import { parseArgs } from 'node:util';
import type { Database } from '../db/database';
import type { CliBackend } from './backend';
import { CommandFailed, exitStatusOf, UsageError } from './cli-errors';
import { COMMANDS, flagOf, type Command, type ParsedArgs } from './commands';
import { openBackend } from './open-backend';

/*
 * The operator CLI. Only the command table is loaded up front: `--help` and mistakes in the command
 * line are answered without loading the database drivers, and a command sent to a running server
 * loads no database code at all (open-backend.ts imports what the chosen backend needs).
 */

function usageLine(command: Command): string {
  const positionals = (command.positionals ?? []).map((positional) => ` ${positional.name}`).join('');
  const options = Object.entries(command.options)
    .map(([flag, option]) => {
      const text = option.type === 'boolean' ? `--${flag}` : `--${flag} ${option.value ?? 'VALUE'}`;
      return option.required ? ` ${text}` : ` [${text}]`;
    })
    .join('');
  return `netia ${command.name}${positionals}${options}`;
}

function commandHelp(command: Command): string {
  const rows = [
    ...(command.positionals ?? []).map((positional) => [positional.name, positional.description] as const),
    ...Object.entries(command.options).map(
      ([flag, option]) =>
        [option.type === 'boolean' ? `--${flag}` : `--${flag} ${option.value ?? 'VALUE'}`, `${option.description}${option.required ? ' (required)' : ''}`] as const,
    ),
    ['--help', 'show this help'] as const,
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [`usage: ${usageLine(command)}`, '', command.summary, '', ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`)].join('\n');
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    'usage: netia <command> [options]        netia <command> --help for its options',
    '',
    'commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary.split('. ')[0]!.replace(/\.$/, '')}`),
    '',
    'The database is DATABASE_URL, else the embedded one in DATA_DIR (.data). While `npm start` holds',
    'the embedded database, commands are sent to that server.',
  ].join('\n');
}

function parse(command: Command, args: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(command.options).map(([flag, option]) => [flag, { type: option.type }])),
      strict: true,
      allowPositionals: (command.positionals ?? []).length > 0,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  for (const [flag, option] of Object.entries(command.options)) {
    if (option.required && (parsed.values[flag] === undefined || parsed.values[flag] === '')) throw new UsageError(`missing --${flag}`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** `input.websiteHookKey: too short` → `--hook-key: too short`, so the operator sees the flag they typed. */
function inFlagTerms(error: CommandFailed, command: Command): string {
  const field = error.field;
  if (!field || !error.message.startsWith(`${field}: `)) return error.message;
  return `${flagOf(command, field)}: ${error.message.slice(field.length + 2)}`;
}

function findCommand(argv: string[]): { command: Command; args: string[] } | null {
  for (const words of [2, 1]) {
    const command = COMMANDS.find((candidate) => candidate.name === argv.slice(0, words).join(' '));
    if (command) return { command, args: argv.slice(words) };
  }
  return null;
}

/**
 * Runs one command: prints JSON on success (unless the command wrote its own output) and one line on
 * failure. Exit status: 0 done, 1 refused or failed, 2 a mistake in the command line.
 * `database` lets tests run commands on their own database; otherwise the environment's is opened.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, database?: Database): Promise<number> {
  const words = argv.filter((arg) => arg !== '--help' && arg !== '-h');
  const wantsHelp = words.length < argv.length || words[0] === 'help';
  if (words[0] === 'help') words.shift();
  if (words.length === 0) {
    console.log(overview(COMMANDS));
    return wantsHelp ? 0 : 2;
  }
  const found = findCommand(words);
  if (!found) {
    const group = COMMANDS.filter((command) => command.name.startsWith(`${words[0]} `));
    if (wantsHelp && group.length > 0 && words.length === 1) {
      console.log(overview(group));
      return 0;
    }
    const named = words.filter((word) => !word.startsWith('-')).slice(0, 2).join(' ');
    console.error(`netia: unknown command "${named}" (netia --help lists the commands)`);
    return 2;
  }
  const { command, args } = found;
  if (wantsHelp) {
    console.log(commandHelp(command));
    return 0;
  }
  let backend: CliBackend | null = null;
  try {
    const work = command.prepare(parse(command, args));
    backend = await openBackend(env, database);
    const result = await work(backend);
    if (result !== undefined) console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`netia ${command.name}: ${error.message} (see netia ${command.name} --help)`);
      return 2;
    }
    const message = error instanceof CommandFailed ? inFlagTerms(error, command) : error instanceof Error ? error.message : String(error);
    console.error(`netia ${command.name}: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return exitStatusOf(error);
  } finally {
    await backend?.close();
  }
}

/** Entry used by bin/netia.js: runs the command and exits with its status. */
export function main(): void {
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(`netia: ${error instanceof Error ? error.message : String(error)}`.replace(/\s*\n\s*/g, ' '));
      process.exit(1);
    });
}

// The `ecg-studio` command: dispatches to sub-commands and turns every error into one line and an exit code.
import { resolve } from 'node:path';
import { describeError, FormatError, UsageError } from '../shared/errors';
import type { CliCommand, CliIo } from './command';
import { COMMANDS } from './commands/index';
import { FileError } from './fileError';
import { VERSION } from './version';

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `ecg-studio ${VERSION}: offline ECG review and research workbench\n\nusage: ecg-studio <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'ecg-studio <command> --help' for a command's options.\n`;
}

/** Runs one command line; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`error: unknown command '${name}'. Run 'ecg-studio --help' for the list.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof FileError) {
      io.stderr(`error: ${err.file}: ${describeError(err.cause)}\n`);
    } else if (err instanceof UsageError || err instanceof FormatError) {
      const file = err instanceof FormatError && err.file !== undefined ? `${err.file}: ` : '';
      io.stderr(`error: ${file}${describeError(err)}\n`);
    } else {
      io.stderr(`error: ${describeError(err)}\n`);
      if (io.env['ECG_STUDIO_DEBUG'] && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    }
    return 2;
  }
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: resolve('.'),
    env: process.env,
  };
}

/** Entry used by bin/ecg-studio.js. */
export function runFromProcess(): void {
  runCli(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${describeError(err)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runFromProcess();

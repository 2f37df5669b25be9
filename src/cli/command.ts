// The shape of one `ecg-studio` sub-command and the I/O it is given (so tests can run it in-process).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../shared/errors';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code: 0 success, 1 partial failure, 2 bad input or usage. */
  run(argv: string[], io: CliIo): Promise<number> | number;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs with errors turned into UsageError (one clean line for the user). */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\nusage: ${usage}`);
  }
}

/** `--rate HZ` for files that cannot state their sampling rate; a bad value is a usage error. */
export function rateOption(raw: string | undefined): { samplingRateHz?: number } {
  if (raw === undefined) return {};
  const hz = Number(raw);
  if (!Number.isFinite(hz) || hz <= 0 || hz > 1e6) throw new UsageError(`--rate must be a sampling rate in Hz, got '${raw}'`);
  return { samplingRateHz: hz };
}

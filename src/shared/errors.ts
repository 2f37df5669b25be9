// Typed errors shared by every layer: readers throw FormatError, the edges turn errors into one user sentence.

/** An input file that cannot be read as the format it claims or appears to be. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  readonly format: string;
  readonly file: string | undefined;
  readonly byteOffset: number | undefined;
  readonly reason: string;

  constructor(args: { format: string; reason: string; file?: string | undefined; byteOffset?: number | undefined }) {
    const where = args.byteOffset === undefined ? '' : ` (at byte ${args.byteOffset})`;
    super(`${args.format}: ${args.reason}${where}`);
    this.format = args.format;
    this.file = args.file;
    this.byteOffset = args.byteOffset;
    this.reason = args.reason;
  }
}

/** A request the program cannot honour (bad option, unsupported conversion, missing model input). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Turns any thrown value into one sentence for the user, without a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof FormatError) {
    const where = err.byteOffset === undefined ? '' : ` (at byte ${err.byteOffset})`;
    return err.format === 'unknown' ? `${err.reason}${where}` : `${err.format}: ${err.reason}${where}`;
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EISDIR') return 'is a directory, expected a file';
    if (code === 'EACCES') return 'permission denied';
    if (err instanceof RangeError) return `malformed data (${err.message})`;
    return err.message;
  }
  return String(err);
}

// An error tied to the file it concerns, so the user sees `error: <file>: <reason>`.
import { describeError } from '../shared/errors';

export class FileError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(describeError(cause));
  }
}

// The contract between format readers and the rest of the program: bytes plus a sibling-file resolver in.
import type { EcgFormat, EcgRecord } from './ecgRecord';

/** What a reader may know about its input besides the bytes; never a file system handle. */
export interface ReadContext {
  /** File name (for error messages and record names); may include a directory part. */
  fileName: string;
  /**
   * Returns the bytes of another file next to the input (WFDB .dat/.hea, multi-segment parts),
   * by a name relative to the input's folder, or undefined when it does not exist.
   */
  readSibling?: (relativeName: string) => Uint8Array | undefined;
  /** When true, readers leave out patient identifiers (name, id, birth date) and keep age and sex. */
  anonymize?: boolean;
  /** Sampling rate given by the user, for files that cannot state it (a CSV without a time column). */
  samplingRateHz?: number;
}

export interface FormatReader {
  format: EcgFormat;
  /** Human-readable name for messages. */
  title: string;
  /** File extensions (lower case, with dot) this format commonly uses. */
  extensions: readonly string[];
  /**
   * Content sniffing: 0 = certainly not this format, 1 = certainly this format, between = plausible.
   * Must be cheap and must never throw.
   */
  sniff(bytes: Uint8Array, fileName: string): number;
  read(bytes: Uint8Array, ctx: ReadContext): EcgRecord;
}

/** A file a writer produced: a relative name (WFDB writes .hea + .dat) and its bytes. */
export interface WrittenFile {
  name: string;
  bytes: Uint8Array;
}

// In-memory CLI I/O for running `ecg-studio` commands in-process in tests.
import type { CliIo } from '../../src/cli/command';

export function captureIo(cwd = process.cwd()): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: {},
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

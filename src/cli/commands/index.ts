// The list of `ecg-studio` sub-commands, in the order `--help` shows them.
import type { CliCommand } from '../command';
import { convertCommand } from './convert';
import { inspectCommand } from './inspect';

export const COMMANDS: readonly CliCommand[] = [inspectCommand, convertCommand];

// The list of `ecg-studio` sub-commands, in the order `--help` shows them.
import type { CliCommand } from '../command';
import { convertCommand } from './convert';
import { inspectCommand } from './inspect';
import { doctorCommand } from './doctor';
import { serveCommand } from './serve';
import { importCommand } from './import';
import { listCommand } from './list';
import { reviewCommand } from './review';
import { modelsCommand } from './models';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { exportDatasetCommand } from './exportDataset';
import { peaksCommand } from './peaks';
import { measureCommand } from './measure';
import { reportCommand } from './report';
import { exportAnalysisCommand } from './exportAnalysis';
import { analyzeCommand } from './analyze';
import { denoiseCommand } from './denoise';
import { demoCommand } from './demo';
import { trainCommand } from './train';
import { evaluateCommand } from './evaluate';

export const COMMANDS: readonly CliCommand[] = [
  // one file
  inspectCommand,
  convertCommand,
  measureCommand,
  peaksCommand,
  analyzeCommand,
  denoiseCommand,
  reportCommand,
  exportAnalysisCommand,
  demoCommand,
  // the library
  importCommand,
  listCommand,
  reviewCommand,
  exportDatasetCommand,
  modelsCommand,
  backupCommand,
  restoreCommand,
  // models
  trainCommand,
  evaluateCommand,
  doctorCommand,
  // the app
  serveCommand,
];

// `ecg-studio doctor`: which tfjs backend the model engine runs on, its versions, threads, SIMD, and how to speed it up.
import * as os from 'node:os';
import { selectBackend, type BackendInfo, type BackendName } from '../../model/backend';
import { UsageError } from '../../shared/errors';
import { parseCommandArgs, type CliCommand } from '../command';

function doctorText(info: BackendInfo): string {
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    `backend:          ${info.name}`,
    `tfjs:             ${info.tfjsVersion} (${versions})`,
    `native tfjs-node: ${info.nativeAvailable ? 'available' : 'not installed'}`,
    `threads:          ${info.threads ?? 'backend default'}`,
    `SIMD:             ${info.simd === null ? 'n/a' : info.simd ? 'yes' : 'no'}`,
    `gradients:        ${info.gradientOverrides.length ? `own ${info.gradientOverrides.join(', ')} gradients (src/model/kernels)` : 'tfjs stock'}`,
    `node:             ${process.version} on ${os.platform()}/${os.arch()}, ${os.cpus().length} CPU cores`,
  ];
  if (info.hints.length) {
    lines.push('to go faster:');
    for (const h of info.hints) lines.push(`  - ${h}`);
  }
  return lines.join('\n') + '\n';
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'show the model engine backend (tfjs-node, wasm or cpu), versions, threads, SIMD and speed hints',
  usage: 'ecg-studio doctor [--backend tensorflow|wasm|cpu] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, backend: { type: 'string' } }, this.usage);
    if (positionals.length) throw new UsageError(`doctor takes no arguments\nusage: ${this.usage}`);
    const prefer = values.backend;
    if (prefer !== undefined && !['tensorflow', 'wasm', 'cpu'].includes(prefer)) {
      throw new UsageError(`unknown backend '${prefer}' (expected tensorflow, wasm or cpu)`);
    }
    const info = await selectBackend(prefer === undefined ? {} : { prefer: prefer as BackendName });
    io.stdout(
      values.json
        ? `${JSON.stringify({ ...info, node: process.version, platform: `${os.platform()}/${os.arch()}`, cpuCores: os.cpus().length }, null, 2)}\n`
        : doctorText(info),
    );
    return 0;
  },
};

// `ecg-studio models list|register <folder>|activate <version>|rollback`: the model registry.
import { resolve } from 'node:path';
import { UsageError } from '../../shared/errors';
import type { ModelEntry } from '../../shared/storeContracts';
import { openCliLibrary } from '../openCliLibrary';
import { readModelPackage } from '../../store/modelPackage';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';

function describeModel(m: ModelEntry): string {
  const metrics = Object.entries(m.metrics)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k}=${(v as number).toFixed(3)}`)
    .join(' ');
  return `${m.active ? '*' : ' '} ${m.name} ${m.version}  ${m.path}  registered ${m.registeredAt}${metrics ? `  ${metrics}` : ''}`;
}

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'list, register, activate or roll back models in the registry',
  usage: 'ecg-studio models list | register <folder> | activate <version> [--name NAME] | rollback   [--db <library.db>] [--json]',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { db: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
      this.usage,
    );
    const [action, arg, ...extra] = positionals;
    if (action === undefined || extra.length) throw new UsageError(`expected one action\nusage: ${this.usage}`);
    if (!['list', 'register', 'activate', 'rollback'].includes(action)) throw new UsageError(`unknown action '${action}'\nusage: ${this.usage}`);
    if ((action === 'register' || action === 'activate') !== (arg !== undefined)) {
      throw new UsageError(`'models ${action}' ${arg === undefined ? 'needs an argument' : 'takes no argument'}\nusage: ${this.usage}`);
    }
    let pkg;
    if (action === 'register') {
      try {
        pkg = readModelPackage(resolve(io.cwd, arg as string));
      } catch (err) {
        throw new FileError(arg as string, err);
      }
    }
    const { lib } = openCliLibrary(values.db, io);
    try {
      if (action === 'list') {
        const models = lib.listModels();
        if (values.json) io.stdout(`${JSON.stringify({ models, activations: lib.modelActivations() }, null, 2)}\n`);
        else if (models.length === 0) io.stdout('no models registered\n');
        else for (const m of models) io.stdout(`${describeModel(m)}\n`);
        return 0;
      }
      if (action === 'register' && pkg !== undefined) {
        const id = lib.registerModel(pkg);
        const active = lib.activeModel()?.id === id ? ' (active)' : '';
        io.stdout(`registered ${pkg.name} ${pkg.version}${active}\n`);
        return 0;
      }
      if (action === 'activate') {
        const matches = lib.listModels().filter((m) => m.version === arg && (values.name === undefined || m.name === values.name));
        if (matches.length === 0) throw new UsageError(`no registered model has version '${arg}'${values.name ? ` and name '${values.name}'` : ''}`);
        if (matches.length > 1) throw new UsageError(`several models have version '${arg}' (${matches.map((m) => m.name).join(', ')}); add --name`);
        const model = matches[0] as ModelEntry;
        lib.activateModel(model.id);
        io.stdout(`active model: ${model.name} ${model.version}\n`);
        return 0;
      }
      let model;
      try {
        model = lib.rollbackModel();
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
      io.stdout(`rolled back; active model: ${model.name} ${model.version}\n`);
      return 0;
    } finally {
      lib.close();
    }
  },
};

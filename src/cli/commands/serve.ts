// `ecg-studio serve [--port N] [--db path] [--open]`: the web shell on 127.0.0.1 with a per-run token.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startAppServer } from '../../server/appServer';
import { rendererDir } from '../../server/webShell';
import { UsageError } from '../../shared/errors';
import { resolveLibraryPath } from '../../store/libraryPath';
import { parseCommandArgs, type CliCommand } from '../command';

/** Opens `url` in the desktop's browser; failures are reported, not fatal. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`could not open a browser; open ${url} yourself\n`));
  child.unref();
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the app in your browser: a local web shell on 127.0.0.1 with a one-time token',
  usage: 'ecg-studio serve [--port N] [--db <library.db>] [--open]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { port: { type: 'string', short: 'p' }, db: { type: 'string' }, open: { type: 'boolean' } },
      this.usage,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\nusage: ${this.usage}`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0–65535, got '${values.port}'`);
    const staticDir = rendererDir();
    if (!existsSync(join(staticDir, 'index.html'))) {
      throw new UsageError(`the user interface is not built yet; run 'node scripts/build-renderer.mjs' (looked in ${staticDir})`);
    }
    const dbPath = values.db === ':memory:' ? ':memory:' : resolveLibraryPath(values.db, io.cwd, io.env, homedir());
    const server = await startAppServer({ dbPath, port, staticDir });
    io.stdout(`${server.shell.openUrl}\n`);
    io.stderr(`ECG Studio is serving ${dbPath} on ${server.shell.url} (only this computer can connect). Press Ctrl+C to stop.\n`);
    if (values.open) openInBrowser(server.shell.openUrl);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close().then(done, done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};

// Electron main process: a secure window over the app:// scheme, IPC handlers from the contract, the library.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type * as Electron from 'electron';
import { IPC_EVENT_CHANNEL } from '../shared/api';
import { createAppServices } from '../store/appServices';
import { openLibrary } from '../store/library';
import { defaultLibraryPath } from '../store/libraryPath';
import { APP_ORIGIN, isTrustedSender, registerApiHandlers } from './ipcHandlers';

/** The same policy as the web shell: nothing inline, nothing from elsewhere. */
export const ELECTRON_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** Maps an app:// URL to a file in the renderer folder; undefined when it would leave the folder. */
export function appUrlToFile(url: string, rendererDir: string): string | undefined {
  const u = new URL(url);
  if (u.protocol !== 'app:' || u.host !== 'ecg-studio') return undefined;
  const root = resolve(rendererDir);
  const rel = u.pathname === '/' ? 'index.html' : decodeURIComponent(u.pathname.slice(1));
  const target = resolve(root, rel);
  return target.startsWith(root + sep) ? target : undefined;
}

/** Starts the desktop app; call only inside Electron (electron is required here, never at import time). */
export function startElectron(packageRoot: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const electron = require('electron') as typeof Electron;
  const { app, BrowserWindow, ipcMain, protocol, session } = electron;
  const rendererDir = join(packageRoot, 'dist', 'renderer');
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  app.enableSandbox();

  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
    protocol.handle('app', (request) => {
      const file = appUrlToFile(request.url, rendererDir);
      if (file === undefined) return new Response('not found', { status: 404 });
      try {
        if (!statSync(file).isFile()) return new Response('not found', { status: 404 });
        return new Response(readFileSync(file), {
          headers: { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': ELECTRON_CSP, 'X-Content-Type-Options': 'nosniff' },
        });
      } catch {
        return new Response('not found', { status: 404 });
      }
    });
    // Nothing leaves the machine: any http(s) request from a page is cancelled.
    session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*'] }, (_d, cb) => cb({ cancel: true }));

    const libraryPath = defaultLibraryPath(process.env, homedir());
    const library = openLibrary(libraryPath);
    const { api, training } = createAppServices({ library, dbPath: libraryPath, shell: 'electron' });
    registerApiHandlers(ipcMain, api.handlers, isTrustedSender);

    const win = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 1024,
      minHeight: 640,
      title: 'ECG Studio',
      show: false,
      webPreferences: {
        preload: join(packageRoot, 'dist', 'preload', 'preload.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    api.onEvent((event) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
    });
    win.once('ready-to-show', () => win.show());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    app.on('window-all-closed', () => {
      void (training?.close() ?? Promise.resolve()).finally(() => {
        library.close();
        app.quit();
      });
    });
  }, (err: unknown) => {
    process.stderr.write(`ECG Studio could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    app.exit(1);
  });
}

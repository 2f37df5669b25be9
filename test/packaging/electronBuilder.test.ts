import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { makeIcons } from '../../scripts/make-icons';
import { API_CALLS } from '../../src/shared/api';
import { parseYamlSubset } from './yamlSubset';

const ROOT = resolve(__dirname, '..', '..');
/** Where `npm run build` put the bundles (override to check another build). */
const DIST = resolve(ROOT, process.env['ECG_STUDIO_DIST'] ?? 'dist');
const configText = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
const config = parseYamlSubset(configText) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form config
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

/** electron-builder file patterns (minimatch style) as a regex: ** any folders, * within one name. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+^${}()|[\]\\?]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether `files` ships a path: matched by an include and not by a later '!' exclude (electron-builder order). */
function shipped(files: string[], path: string): boolean {
  let included = false;
  for (const f of files) {
    if (f.startsWith('!')) {
      if (globToRegExp(f.slice(1)).test(path)) included = false;
    } else if (globToRegExp(f).test(path)) included = true;
  }
  return included;
}

test('electron-builder.yml: a js-yaml read (when present) agrees with the subset parser', (t) => {
  let jsYaml: { load(s: string): unknown } | undefined;
  try {
    jsYaml = createRequire(__filename)('js-yaml') as { load(s: string): unknown };
  } catch {
    t.skip('js-yaml is not in node_modules; the subset parser has its own tests');
    return;
  }
  assert.deepEqual(config, jsYaml.load(configText));
});

test('electron-builder.yml: app id, product name, targets AppImage+deb / nsis / dmg', () => {
  assert.equal(config['appId'], 'org.ecgstudio.app');
  assert.equal(config['productName'], 'ECG Studio');
  assert.deepEqual(config['linux'].target, ['AppImage', 'deb']);
  assert.equal(config['win'].target, 'nsis');
  assert.equal(config['mac'].target, 'dmg');
  assert.equal(pkg['main'], 'dist/src/main/main.js');
});

test('electron-builder.yml: icons exist, are the sizes each platform needs, and match scripts/make-icons.ts', () => {
  const icons = makeIcons();
  for (const [platform, name] of [
    ['linux', 'icon.png'],
    ['win', 'icon.ico'],
    ['mac', 'icon.icns'],
  ] as const) {
    assert.equal(config[platform].icon, `assets/${name}`, platform);
    const bytes = readFileSync(join(ROOT, 'assets', name));
    assert.ok(
      bytes.equals(icons[name]),
      `assets/${name} is what scripts/make-icons.ts makes (run it to regenerate)`,
    );
  }
  const png = readFileSync(join(ROOT, 'assets', 'icon.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [512, 512]);
  const ico = readFileSync(join(ROOT, 'assets', 'icon.ico'));
  assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2)], [0, 1]);
  const count = ico.readUInt16LE(4);
  const entries = Array.from({ length: count }, (_, k) => ({
    size: ico.readUInt8(6 + 16 * k) || 256,
    len: ico.readUInt32LE(14 + 16 * k),
    at: ico.readUInt32LE(18 + 16 * k),
  }));
  assert.ok(
    entries.some((e) => e.size === 256),
    'Windows needs a 256-px image',
  );
  for (const e of entries) {
    assert.equal(ico.subarray(e.at + 1, e.at + 4).toString('latin1'), 'PNG');
    assert.equal(ico.readUInt32BE(e.at + 16), e.size);
    assert.ok(e.at + e.len <= ico.length);
  }
  const icns = readFileSync(join(ROOT, 'assets', 'icon.icns'));
  assert.equal(icns.subarray(0, 4).toString('latin1'), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length);
  const types: string[] = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
    types.push(icns.subarray(at, at + 4).toString('latin1'));
    assert.equal(icns.subarray(at + 9, at + 12).toString('latin1'), 'PNG');
  }
  assert.deepEqual(types, ['ic07', 'ic08', 'ic09']);
});

test('electron-builder.yml: models/ and assets/ as extra resources where bundledPath() looks for them', () => {
  const extra = config['extraResources'] as { from: string; to: string }[];
  assert.deepEqual(extra.map((e) => [e.from, e.to]).sort(), [
    ['assets', 'assets'],
    ['models', 'models'],
  ]);
  for (const e of extra) assert.ok(existsSync(join(ROOT, e.from)), `${e.from}/ exists`);
  const packageRoot = readFileSync(join(ROOT, 'src', 'store', 'packageRoot.ts'), 'utf8');
  assert.match(packageRoot, /resourcesPath/, 'bundled files are looked up under process.resourcesPath');
});

test('electron-builder.yml: native modules unpacked from asar (better-sqlite3, tfjs-node)', () => {
  const unpack = config['asarUnpack'] as string[];
  const covered = (path: string) => unpack.some((g) => globToRegExp(g).test(path));
  assert.ok(covered('node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
  assert.ok(covered('node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'));
  assert.ok(covered('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  assert.ok(!covered('node_modules/chart.js/dist/chart.js'));
});

test('electron-builder.yml: ships the built main, preload and renderer, never src/ or test/', () => {
  const files = config['files'] as string[];
  for (const path of [
    'dist/src/main/main.js',
    'dist/src/cli/main.js',
    'dist/preload/preload.js',
    'dist/renderer/index.html',
    'dist/renderer/app.js',
    'package.json',
    'bin/ecg-studio.js',
  ]) {
    assert.ok(shipped(files, path), `${path} is packaged`);
  }
  for (const path of [
    'src/main/main.ts',
    'src/renderer/index.html',
    'test/packaging/electronBuilder.test.ts',
  ])
    assert.ok(!shipped(files, path), `${path} is not packaged`);
  // The main process loads these two at run time (src/main/electronMain.ts).
  const main = readFileSync(join(ROOT, 'src', 'main', 'electronMain.ts'), 'utf8');
  assert.match(main, /join\(packageRoot, 'dist', 'renderer'\)/);
  assert.match(main, /join\(packageRoot, 'dist', 'preload', 'preload\.js'\)/);
});

test(
  'package.json: a maintainer e-mail and homepage, which the deb target requires',
  {
    todo: 'electron-builder refuses a deb without author.email (or linux.maintainer) and homepage; the lead owns package.json',
  },
  () => {
    const author = pkg['author'] as { email?: string } | string | undefined;
    const email = typeof author === 'string' ? /<[^>]+@[^>]+>/.test(author) : Boolean(author?.email);
    assert.ok(email || typeof config['linux'].maintainer === 'string', 'author.email or linux.maintainer');
    assert.ok(typeof pkg['homepage'] === 'string', 'homepage');
  },
);

/** Runs `code` in a fresh Node with `electron` resolving to a stub that records use, or throws when `forbid`. */
function nodeWithElectronStub(code: string, forbid: boolean) {
  const hook = `
const Module = require('module');
const stubPath = require('path').join(require('os').tmpdir(), 'ecg-electron-stub-' + process.pid + '.js');
const calls = [];
global.__electronCalls = calls;
require('fs').writeFileSync(stubPath, 'module.exports = { contextBridge: { exposeInMainWorld: (n, api) => global.__electronCalls.push([n, Object.keys(api)]) }, ipcRenderer: { invoke: async () => ({}), on() {}, removeListener() {}, send() {} } };');
process.on('exit', () => { try { require('fs').unlinkSync(stubPath); } catch {} });
const orig = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') {
    if (${forbid}) throw new Error('electron required at import time');
    return stubPath;
  }
  return orig.call(this, request, ...rest);
};
${code}`;
  return spawnSync(process.execPath, ['-e', hook], { encoding: 'utf8', cwd: ROOT, timeout: 30_000 });
}

test('built main process: loads without Electron (electron is required lazily, only when started)', (t) => {
  const mainJs = join(DIST, 'src', 'main', 'main.js');
  if (!existsSync(mainJs)) {
    t.skip(`${mainJs} is missing: run 'npm run build' first (the Electron main is built by tsc)`);
    return;
  }
  const r = nodeWithElectronStub(
    `const m = require(${JSON.stringify(mainJs)}); if (typeof m.packageRoot !== 'function') throw new Error('no packageRoot export'); console.log('loaded');`,
    true,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'loaded');
});

test('built preload: exposes only window.ecgStudio through contextBridge, one method per API call', (t) => {
  const preloadJs = join(DIST, 'preload', 'preload.js');
  if (!existsSync(preloadJs)) {
    t.skip(`${preloadJs} is missing: run 'node scripts/build-renderer.mjs' first`);
    return;
  }
  const r = nodeWithElectronStub(
    `require(${JSON.stringify(preloadJs)}); console.log(JSON.stringify(global.__electronCalls));`,
    false,
  );
  assert.equal(r.status, 0, r.stderr);
  const calls = JSON.parse(r.stdout) as [string, string[]][];
  assert.equal(calls.length, 1);
  assert.equal(calls[0]![0], 'ecgStudio');
  for (const name of API_CALLS) assert.ok(calls[0]![1].includes(name), name);
  // A sandboxed preload can require only electron (and a few node built-ins): everything else must be bundled.
  const requires = [...readFileSync(preloadJs, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(requires)], ['electron']);
});

test('built renderer: index.html and its script exist; the bundle needs neither Node nor Electron', (t) => {
  const dir = join(DIST, 'renderer');
  if (!existsSync(join(dir, 'index.html'))) {
    t.skip(`${dir}/index.html is missing: run 'node scripts/build-renderer.mjs' first`);
    return;
  }
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1] as string);
  assert.ok(scripts.length > 0, 'index.html loads a script');
  for (const src of scripts) {
    const file = join(dir, src.replace(/^\.?\//, ''));
    assert.ok(existsSync(file), `${src} exists`);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /require\(["'](electron|fs|node:fs)["']\)/);
  }
});

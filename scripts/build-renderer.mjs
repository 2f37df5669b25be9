// Bundles the renderer (src/renderer/main.ts + chart.js) into dist/renderer with index.html and CSS, and the preload.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'renderer');

/** Builds the UI; `minify` off keeps stack traces readable in development. */
export async function buildRenderer({ minify = true, outDir = out } = {}) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'src', 'renderer', 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'src', 'renderer', 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(root, 'src', 'renderer', 'styles.css'), join(outDir, 'app.css'));
  copyFileSync(join(root, 'src', 'renderer', 'favicon.svg'), join(outDir, 'favicon.svg'));
  return outDir;
}

/** Bundles the sandboxed preload into one file: a sandboxed preload cannot require our other modules. */
export async function buildPreload({ outFile = join(root, 'dist', 'preload', 'preload.js') } = {}) {
  await build({
    entryPoints: [join(root, 'src', 'preload', 'preload.ts')],
    outfile: outFile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: ['node20'],
    external: ['electron'],
    logLevel: 'warning',
  });
  return outFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await buildRenderer({ minify: !process.argv.includes('--dev') });
  const preload = await buildPreload();
  process.stdout.write(`renderer built into ${dir}; preload bundled into ${preload}\n`);
}

// ESLint: typescript-eslint rules plus the layer boundaries of STYLE.md (which folder may import which).
import tseslint from 'typescript-eslint';

const layers = ['shared', 'formats', 'signal', 'model', 'pipeline', 'store', 'main', 'preload', 'server', 'renderer', 'cli'];
const edgesNobodyImports = ['main', 'cli', 'preload', 'server', 'renderer'];
const io = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'electron', 'better-sqlite3', 'http', 'node:http', 'net', 'node:net'];

/** Import patterns that reach into the given sibling layers of src/. */
const layerPatterns = (names) => names.flatMap((n) => [`**/${n}`, `**/${n}/**`, `../${n}`, `../${n}/**`]);

const rule = (forbiddenLayers, forbidIo, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: forbidIo ? io.map((name) => ({ name, message: `${message}: pure cores do no I/O` })) : [],
      patterns: forbiddenLayers.length ? [{ group: layerPatterns(forbiddenLayers), message }] : [],
    },
  ],
});

const except = (...allowed) => layers.filter((l) => !allowed.includes(l));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench-results/**', 'test-artifacts/**', 'models/**', 'assets/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['src/shared/**/*.ts'], rules: rule(except('shared'), true, 'src/shared imports nothing of ours') },
  { files: ['src/formats/**/*.ts'], rules: rule(except('shared', 'formats'), true, 'src/formats may import only src/shared') },
  { files: ['src/signal/**/*.ts'], rules: rule(except('shared', 'signal'), true, 'src/signal may import only src/shared') },
  { files: ['src/model/**/*.ts'], rules: rule(except('shared', 'signal', 'model'), true, 'src/model may import only shared and signal') },
  {
    files: ['src/pipeline/**/*.ts'],
    rules: rule(except('shared', 'formats', 'signal', 'model', 'pipeline'), true, 'src/pipeline uses the cores and storage interfaces from shared'),
  },
  { files: ['src/store/**/*.ts'], rules: rule(edgesNobodyImports, false, 'nothing imports main, cli, preload, server or renderer') },
  { files: ['src/main/**/*.ts'], rules: rule(['cli', 'preload', 'server', 'renderer'], false, 'main does not import other edges') },
  { files: ['src/server/**/*.ts'], rules: rule(['cli', 'main', 'preload', 'renderer'], false, 'server does not import other edges') },
  { files: ['src/cli/**/*.ts'], rules: rule(['main', 'preload', 'renderer'], false, 'cli does not import main, preload or renderer') },
  { files: ['src/preload/**/*.ts'], rules: rule(except('shared', 'preload'), false, 'preload sees only the shared API contract') },
  { files: ['src/renderer/**/*.ts'], rules: rule(except('shared', 'renderer'), true, 'the renderer sees only shared types and the API') },
);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importRecords, wfdbHeaderParts, type ImportProgress } from '../../src/pipeline/importRecords';
import { openLibrary } from '../../src/store/library';
import { memorySource, sha256, TEST_READERS } from './helpers/memorySource';

const lib = () => openLibrary(':memory:', { skipIntegrityCheck: true });

test('importRecords: folder walk imports each record once, skips header siblings and unknown files', () => {
  const store = lib();
  const source = memorySource({
    '/d/a.tst': 'TST 100\n1,2,3,4',
    '/d/sub/b.hea': 'HEA b.dat 250',
    '/d/sub/b.dat': new Uint8Array([1, 2, 3]),
    '/d/sub/b.atr': new Uint8Array([9]),
    '/d/notes.txt': 'hello',
  });
  const events: ImportProgress[] = [];
  const summary = importRecords(['/d'], { source, store, hash: sha256, readers: TEST_READERS, onProgress: (e) => events.push(e) });
  const byPath = Object.fromEntries(summary.results.map((r) => [r.path, r]));
  assert.equal(byPath['/d/a.tst']!.status, 'imported');
  assert.equal(byPath['/d/sub/b.hea']!.status, 'imported');
  assert.deepEqual(byPath['/d/sub/b.hea']!.siblings, ['/d/sub/b.dat']);
  assert.equal(byPath['/d/sub/b.dat']!.status, 'skipped');
  assert.equal(byPath['/d/sub/b.atr']!.status, 'skipped');
  assert.equal(byPath['/d/notes.txt']!.status, 'skipped');
  assert.deepEqual([summary.imported, summary.duplicates, summary.errors, summary.skipped], [2, 0, 0, 3]);
  assert.equal(events[0]!.type, 'start');
  assert.equal(events.filter((e) => e.type === 'file').length, 5);
  assert.equal(events[events.length - 1]!.type, 'done');
  const rec = store.loadRecord(byPath['/d/sub/b.hea']!.recordId!)!;
  assert.deepEqual([...rec.leads[0]!.samples], [1, 2, 3]);
  assert.equal(store.getRecord(byPath['/d/a.tst']!.recordId!)!.sourcePath, '/d/a.tst');
  store.close();
});

test('importRecords: the same content under another name is a duplicate; a changed sibling is not', () => {
  const store = lib();
  const source = memorySource({
    '/a/x.tst': 'TST 100\n1,2,3',
    '/b/y.tst': 'TST 100\n1,2,3',
    '/a/r.hea': 'HEA r.dat 100',
    '/a/r.dat': new Uint8Array([1, 2]),
    '/b/r.hea': 'HEA r.dat 100',
    '/b/r.dat': new Uint8Array([1, 3]),
  });
  const first = importRecords(['/a'], { source, store, hash: sha256, readers: TEST_READERS });
  assert.equal(first.imported, 2);
  const second = importRecords(['/b', '/a/x.tst'], { source, store, hash: sha256, readers: TEST_READERS });
  const status = Object.fromEntries(second.results.map((r) => [r.path, r.status]));
  assert.deepEqual(status, { '/b/y.tst': 'duplicate', '/b/r.hea': 'imported', '/b/r.dat': 'skipped', '/a/x.tst': 'duplicate' });
  assert.equal(second.results.find((r) => r.path === '/b/y.tst')!.recordId, first.results.find((r) => r.path === '/a/x.tst')!.recordId);
  assert.equal(store.listRecords().total, 3);
  store.close();
});

test('importRecords: bad files give named errors, never abort the batch, never leave a partial record', () => {
  const store = lib();
  const source = memorySource({
    '/e/1-good.tst': 'TST 100\n1,2',
    '/e/2-corrupt.tst': 'TST 100\n1,x,2',
    '/e/3-missing-dat.hea': 'HEA nothere.dat 100',
    '/e/4-empty.tst': new Uint8Array(0),
    '/e/5-good.tst': 'TST 50\n5',
  });
  const summary = importRecords(['/e', '/nonexistent', '/e/unknown.bin'], { source, store, hash: sha256, readers: TEST_READERS });
  const byPath = Object.fromEntries(summary.results.map((r) => [r.path, r]));
  assert.equal(byPath['/nonexistent']!.status, 'error');
  assert.equal(byPath['/nonexistent']!.reason, 'no such file or directory');
  assert.equal(byPath['/e/1-good.tst']!.status, 'imported');
  assert.equal(byPath['/e/5-good.tst']!.status, 'imported');
  assert.deepEqual([byPath['/e/2-corrupt.tst']!.status, byPath['/e/2-corrupt.tst']!.reason], ['error', 'csv: bad test file']);
  assert.match(byPath['/e/3-missing-dat.hea']!.reason!, /signal file nothere.dat not found/);
  assert.equal(byPath['/e/4-empty.tst']!.status, 'skipped', 'an empty file found in a folder is not an ECG');
  assert.equal(byPath['/e/unknown.bin']!.status, 'error');
  assert.equal(summary.errors, 4);
  assert.equal(store.listRecords().total, 2);
  assert.deepEqual(store.checkConsistency(), []);
  store.close();
});

test('importRecords: a named file no reader knows is an error, a named .dat of a header is skipped with advice', () => {
  const store = lib();
  const source = memorySource({ '/f/x.bin': 'random', '/f/r.hea': 'HEA r.dat 100', '/f/r.dat': new Uint8Array([1]) });
  const summary = importRecords(['/f/x.bin', '/f/r.dat'], { source, store, hash: sha256, readers: TEST_READERS });
  assert.equal(summary.results[0]!.status, 'skipped');
  assert.match(summary.results[0]!.reason!, /import the .hea file/);
  assert.equal(summary.results[1]!.status, 'error');
  assert.match(summary.results[1]!.reason!, /not a recognised ECG file/);
  store.close();
});

test('importRecords: a store failure for one record is reported and the next record still imports', () => {
  const store = lib();
  const source = memorySource({ '/g/a.tst': 'TST 100\n1', '/g/b.tst': 'TST 100\n2' });
  let calls = 0;
  const flaky = {
    findByContentHash: (h: string) => store.findByContentHash(h),
    insertRecord: (input: Parameters<typeof store.insertRecord>[0]) => {
      if (++calls === 1) throw new Error('database is locked');
      return store.insertRecord(input);
    },
  };
  const summary = importRecords(['/g'], { source, store: flaky, hash: sha256, readers: TEST_READERS });
  assert.deepEqual(summary.results.map((r) => r.status), ['error', 'imported']);
  assert.equal(summary.results[0]!.reason, 'database is locked');
  store.close();
});

test('wfdbHeaderParts: signal files of a single-segment header, segment headers of a multi-segment one', () => {
  const enc = new TextEncoder();
  assert.deepEqual(
    wfdbHeaderParts(enc.encode('# comment\nmix 3 250 1000\nmix_e.dat 16 200 16 0 0 0 0 I\nmix_e.dat 16 200 16 0 0 0 0 II\nmix_p.dat 80 1 8 0 0 0 0 PLETH\n')),
    { multiSegment: false, files: ['mix_e.dat', 'mix_p.dat'] },
  );
  assert.deepEqual(wfdbHeaderParts(enc.encode('v102s/3 4 360 1000\nv102s_1 400\n~ 200\nv102s_2 400\n')), {
    multiSegment: true,
    files: ['v102s_1.hea', 'v102s_2.hea'],
  });
  assert.deepEqual(wfdbHeaderParts(enc.encode('x 2\n../../etc/passwd 16\n')), { multiSegment: false, files: [] });
  assert.deepEqual(wfdbHeaderParts(enc.encode('garbage')), { multiSegment: false, files: [] });
});

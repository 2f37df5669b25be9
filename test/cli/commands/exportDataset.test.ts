import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo, libraryFixture, skipNoWriter } from './libraryFixture';

test('cli list, review, export-dataset: reviewed records export as WFDB + labels.csv (latest review wins)', { skip: skipNoWriter }, async () => {
  const { dir, db } = libraryFixture();
  try {
    await runCli(['import', 'data', '--db', db], captureIo(dir));
    const listed = captureIo(dir);
    assert.equal(await runCli(['list', '--db', db, '--json'], listed), 0);
    const page = JSON.parse(listed.out) as { total: number; records: { id: number; name: string }[] };
    assert.equal(page.total, 3);
    const id1 = page.records.find((r) => r.name === 'rec1')!.id;
    const id2 = page.records.find((r) => r.name === 'rec2')!.id;
    const r1 = captureIo(dir);
    assert.equal(await runCli(['review', String(id1), '--labels', 'AF', '--reviewer', 'dr a', '--db', db], r1), 0);
    assert.match(r1.out, /edited \[AF\] by dr a/);
    const r2 = captureIo(dir);
    assert.equal(await runCli(['review', String(id1), '--labels', 'AF,PVC', '--comment', 'extra beats', '--reviewer', 'dr b', '--db', db], r2), 0);
    const r3 = captureIo(dir);
    assert.equal(await runCli(['review', String(id2), '--reviewer', 'dr a', '--db', db], r3), 2, 'nothing to confirm');
    assert.match(r3.err, /no analysis or review to confirm/);
    assert.equal(await runCli(['review', String(id2), '--labels', 'NORM', '--reviewer', 'dr a', '--db', db], captureIo(dir)), 0);
    const confirmed = captureIo(dir);
    assert.equal(await runCli(['review', String(id2), '--reviewer', 'dr c', '--db', db], confirmed), 0);
    assert.match(confirmed.out, /confirmed \[NORM\]/);

    const edited = captureIo(dir);
    await runCli(['list', '--db', db, '--status', 'edited'], edited);
    assert.match(edited.out, /rec1 .* edited \[AF,PVC\]/);
    assert.match(edited.out, /^1 of 1 record$/m);
    const unrev = captureIo(dir);
    await runCli(['list', '--db', db, '--status', 'unreviewed', '--json'], unrev);
    assert.equal((JSON.parse(unrev.out) as { total: number }).total, 1);
    const bad = captureIo(dir);
    assert.equal(await runCli(['list', '--db', db, '--status', 'maybe'], bad), 2);

    const out = join(dir, 'dataset');
    const ex = captureIo(dir);
    assert.equal(await runCli(['export-dataset', '--out', 'dataset', '--db', db], ex), 0);
    assert.match(ex.out, /exported 2 reviewed records/);
    const csv = readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'file,labels');
    assert.deepEqual(csv.slice(1).sort(), [
      `records/ecg${String(id1).padStart(6, '0')}.hea,AF;PVC`,
      `records/ecg${String(id2).padStart(6, '0')}.hea,NORM`,
    ].sort());
    assert.ok(readdirSync(join(out, 'records')).some((f) => f.endsWith('.dat')));
    const inspect = captureIo(dir);
    assert.equal(await runCli(['inspect', join(out, 'records', `ecg${String(id1).padStart(6, '0')}.hea`), '--json'], inspect), 0);
    assert.equal((JSON.parse(inspect.out) as { samplesPerLead: number }).samplesPerLead, 5000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

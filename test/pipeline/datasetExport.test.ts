import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetRecordName, exportDataset } from '../../src/pipeline/datasetExport';
import { writerFor } from '../../src/formats/writers';
import { readerFor } from '../../src/formats/detect';
import { openLibrary } from '../../src/store/library';
import { syntheticRecord } from '../store/helpers/syntheticRecord';
import { assertAllClose } from '../helpers/assertClose';

const wfdb = writerFor('wfdb');

test('exportDataset: reviewed records only, latest labels, quoted CSV cells, via a stub writer', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const ids = [1, 2, 3].map((seed) => lib.insertRecord({ record: syntheticRecord({ seed }), contentHash: `e${seed}`, sourcePath: '/e' }).recordId);
  lib.addReview({ recordId: ids[0]!, reviewer: 'a', action: 'edited', labels: ['MI'] });
  lib.addReview({ recordId: ids[0]!, reviewer: 'a', action: 'edited', labels: ['MI', 'ST, elevated'] });
  lib.addReview({ recordId: ids[2]!, reviewer: 'a', action: 'edited', labels: [] });
  const files = new Map<string, Uint8Array>();
  const stub = { extension: '.hea', write: (_r: unknown, base: string) => [{ name: `${base}.dat`, bytes: new Uint8Array([1]) }, { name: `${base}.hea`, bytes: new Uint8Array([2]) }] };
  const result = exportDataset(lib, stub, { writeFile: (p, b) => files.set(p, b) });
  assert.equal(result.records, 2);
  const csv = new TextDecoder().decode(files.get('labels.csv'));
  assert.equal(csv, `file,labels\nrecords/${datasetRecordName(ids[0]!)}.hea,"MI;ST, elevated"\nrecords/${datasetRecordName(ids[2]!)}.hea,\n`);
  assert.ok(files.has(`records/${datasetRecordName(ids[0]!)}.dat`));
  assert.ok(!files.has(`records/${datasetRecordName(ids[1]!)}.hea`));
  lib.close();
});

test('exportDataset: WFDB round trip of an exported record', { skip: wfdb === undefined ? 'WFDB writer not registered yet; skipped' : false }, () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const record = syntheticRecord({ seed: 8, samplingRateHz: 360, durationSec: 70, adcGain: 200 });
  const { recordId } = lib.insertRecord({ record, contentHash: 'w', sourcePath: '/w' });
  lib.addReview({ recordId, reviewer: 'a', action: 'edited', labels: ['AF'] });
  const files = new Map<string, Uint8Array>();
  exportDataset(lib, wfdb!, { writeFile: (p, b) => files.set(p, b) });
  const name = datasetRecordName(recordId);
  const header = files.get(`records/${name}.hea`)!;
  const back = readerFor('wfdb').read(header, {
    fileName: `${name}.hea`,
    readSibling: (n) => files.get(`records/${n}`),
  });
  assert.equal(back.samplesPerLead, record.samplesPerLead);
  for (let i = 0; i < record.leads.length; i++) assertAllClose(back.leads[i]!.samples, record.leads[i]!.samples, { atol: 1 / 200 });
  lib.close();
});

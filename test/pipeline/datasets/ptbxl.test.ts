import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseScpCodes, ptbxlIndex, ptbxlSplitOfFold } from '../../../src/pipeline/datasets/ptbxl';
import { classCounts } from '../../../src/pipeline/datasets/datasetIndex';
import { sharedPath, skipWithoutSharedData } from '../../helpers/sharedData';

test('parseScpCodes: python dict literal with likelihoods', () => {
  const m = parseScpCodes("{'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}");
  assert.deepEqual([...m.entries()], [['NORM', 100], ['LVOLT', 0], ['SR', 0]]);
});

test('ptbxlSplitOfFold: folds 1-8 train, 9 val, 10 test', () => {
  assert.deepEqual([1, 8, 9, 10].map(ptbxlSplitOfFold), ['train', 'train', 'val', 'test']);
});

const statements = `,description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass
NORM,normal ECG,1.0,,,NORM,NORM
IMI,inferior MI,1.0,,,MI,IMI
SR,sinus rhythm,,,1.0,,
`;
const database = `ecg_id,patient_id,scp_codes,strat_fold,filename_lr,filename_hr
1,10.0,"{'NORM': 100.0, 'SR': 0.0}",3,records100/00000/00001_lr,records500/00000/00001_hr
2,11.0,"{'IMI': 50.0, 'NORM': 0.0}",10,records100/00000/00002_lr,records500/00000/00002_hr
3,12.0,"{'SR': 0.0}",9,records100/00000/00003_lr,records500/00000/00003_hr
`;

test('ptbxlIndex: superclass labels, rhythm-only records left out', () => {
  const idx = ptbxlIndex(database, statements);
  assert.equal(idx.entries.length, 2);
  assert.deepEqual(idx.entries[0], {
    id: 'ptbxl-1', path: 'records100/00000/00001_lr.hea', patientId: '10.0', split: 'train', fold: 3, labels: ['NORM'],
  });
  assert.deepEqual(idx.entries[1]?.labels, ['MI', 'NORM']);
  assert.equal(idx.entries[1]?.split, 'test');
  assert.deepEqual(idx.classes.map((c) => c.code), ['NORM', 'MI', 'STTC', 'CD', 'HYP']);
});

test('ptbxlIndex: real PTB-XL subset, folds keep each patient in one split', { skip: skipWithoutSharedData('ptb-xl') }, () => {
  const idx = ptbxlIndex(
    readFileSync(sharedPath('ptb-xl', 'ptbxl_database.csv'), 'utf8'),
    readFileSync(sharedPath('ptb-xl', 'scp_statements.csv'), 'utf8'),
  );
  // 1,949 rows; a few records have no diagnostic statement at all.
  assert.ok(idx.entries.length > 1900 && idx.entries.length <= 1949, `entries ${idx.entries.length}`);
  const splitOfPatient = new Map<string, string>();
  for (const e of idx.entries) {
    const seen = splitOfPatient.get(e.patientId);
    assert.ok(seen === undefined || seen === e.split, `patient ${e.patientId} in two splits`);
    splitOfPatient.set(e.patientId, e.split);
  }
  const test10 = idx.entries.filter((e) => e.split === 'test').length;
  assert.ok(test10 > 150 && test10 < 250, `fold 10 has ${test10} records`);
  const counts = classCounts(idx);
  for (const c of ['NORM', 'MI', 'STTC', 'CD', 'HYP']) assert.ok((counts[c] ?? 0) > 50, `${c}: ${counts[c]}`);
});

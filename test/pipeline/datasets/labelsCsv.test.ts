import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelsCsvIndex, splitLabels } from '../../../src/pipeline/datasets/labelsCsv';
import { FormatError } from '../../../src/shared/errors';

test('splitLabels: semicolons, pipes, spaces and quoted commas', () => {
  assert.deepEqual(splitLabels('MI;STTC'), ['MI', 'STTC']);
  assert.deepEqual(splitLabels('MI|CD'), ['MI', 'CD']);
  assert.deepEqual(splitLabels(' NORM '), ['NORM']);
  assert.deepEqual(splitLabels('MI,HYP'), ['MI', 'HYP']);
  assert.deepEqual(splitLabels(''), []);
});

test('labelsCsvIndex: explicit split column and patient grouping', () => {
  const text = 'file,labels,split,patient_id\na.hea,NORM,train,p1\nb.hea,"MI,STTC",test,p2\nc.hea,CD,,p3\nd.hea,CD,,p3\n';
  const idx = labelsCsvIndex(text);
  assert.deepEqual(idx.classes.map((c) => c.code), ['CD', 'MI', 'NORM', 'STTC']);
  assert.equal(idx.entries[1]?.split, 'test');
  assert.deepEqual(idx.entries[1]?.labels, ['MI', 'STTC']);
  assert.equal(idx.entries[2]?.split, idx.entries[3]?.split);
});

test('labelsCsvIndex: missing columns give a FormatError naming the file', () => {
  assert.throws(() => labelsCsvIndex('name,label\nx,y\n', { fileName: 'd/labels.csv' }), (e: unknown) => e instanceof FormatError && e.file === 'd/labels.csv');
  assert.throws(() => labelsCsvIndex(''), FormatError);
});

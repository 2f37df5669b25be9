import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inMemoryBatchSource } from '../../../src/model/train/batches';
import { syntheticExamples } from '../syntheticEcg';

test('inMemoryBatchSource: every example once per epoch, seeded order, last batch short, rows kept together', async () => {
  const data = syntheticExamples(10, 8, 2, 1);
  const source = inMemoryBatchSource(data, 4);
  const firstValues = async (seed: number) => {
    const out: number[] = [];
    const sizes: number[] = [];
    for await (const b of source(0, seed)) {
      sizes.push(b.size);
      for (let i = 0; i < b.size; i++) {
        out.push(b.yClean[i * 16]!);
        // x and yClean rows stay aligned: the noise is bounded by 0.4.
        assert.ok(Math.abs(b.x[i * 16]! - b.yClean[i * 16]!) <= 0.4);
      }
    }
    return { out, sizes };
  };
  const a = await firstValues(5);
  assert.deepEqual(a.sizes, [4, 4, 2]);
  assert.deepEqual(a.out, (await firstValues(5)).out);
  assert.notDeepEqual(a.out, (await firstValues(6)).out);
  const all = Array.from({ length: 10 }, (_, i) => data.yClean[i * 16]!).sort();
  assert.deepEqual([...a.out].sort(), all);
});

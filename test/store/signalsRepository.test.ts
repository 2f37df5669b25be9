import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary } from '../../src/store/library';
import { chunkCountAt } from '../../src/store/signalsRepository';
import { chunkSamplesFor, levelCountFor } from '../../src/store/signalCodec';
import { syntheticRecord } from './helpers/syntheticRecord';

test('signals: one row per lead, 60 s chunk rows per level, a missing chunk is reported not papered over', () => {
  const lib = openLibrary(':memory:', { skipIntegrityCheck: true });
  const record = syntheticRecord({ samplingRateHz: 200, durationSec: 150, leadNames: ['I', 'II', 'V1'] });
  const { recordId } = lib.insertRecord({ record, contentHash: 's', sourcePath: '/s' });
  const leads = lib.signals.leadsOf(recordId);
  assert.deepEqual(leads.map((l) => l.name), ['I', 'II', 'V1']);
  const lead = leads[0]!;
  assert.equal(lead.chunkSamples, chunkSamplesFor(200));
  assert.equal(lead.levelCount, levelCountFor(30_000));
  assert.equal(chunkCountAt(lead, 0), 3);
  const counts = lib.signals.chunkCounts();
  for (let level = 0; level <= lead.levelCount; level++) assert.equal(counts.get(`${recordId}/0/${level}`), chunkCountAt(lead, level));
  lib.db.prepare('DELETE FROM signal_chunks WHERE record_id = ? AND lead_idx = 2 AND level = 0 AND chunk_idx = 1').run(recordId);
  assert.throws(() => lib.readSignalWindow(recordId, { startSec: 50, durationSec: 20, leads: [2], level: 0 }), /chunk rows missing/);
  assert.match(lib.checkConsistency().join('\n'), /record \d+ lead 2 level 0: 2 of 3 chunks/);
  assert.throws(() => lib.readSignalWindow(recordId, { startSec: 0, durationSec: 1, leads: [7] }), /no lead 7/);
  lib.close();
});

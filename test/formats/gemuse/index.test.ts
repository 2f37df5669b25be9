// Tests for the registered GE MUSE reader: sniffing, detection, and the CLI on real and corrupt files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geMuseReader } from '../../../src/formats/gemuse';
import { readDicomWaveform } from '../../../src/formats/dicom';
import { detectFormat } from '../../../src/formats/detect';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

const SAMPLE = 'ge-muse-xml/braveheart_example1.xml';
const skip = skipWithoutSharedData(SAMPLE);

function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-muse-cli-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('geMuseReader.sniff: <RestingECG documents score 1, other XML 0', { skip }, () => {
  const bytes = readShared(SAMPLE);
  assert.equal(geMuseReader.sniff(bytes, 'x.xml'), 1);
  assert.equal(geMuseReader.sniff(new TextEncoder().encode('<?xml version="1.0"?><AnnotatedECG/>'), 'x.xml'), 0);
  assert.equal(detectFormat(bytes, 'muse.xml'), geMuseReader);
});

test('CLI: truncated MUSE XML and bad base64 give `error: <file>: ge-muse-xml: …` and exit 2', { skip }, async () => {
  const bytes = readShared(SAMPLE);
  const text = new TextDecoder('latin1').decode(bytes);
  const badBase64 = new TextEncoder().encode(text.replace('<WaveFormData>\n', '<WaveFormData>\n%%%%'));
  await inTempDir(async (dir) => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['cut.xml', bytes.subarray(0, 70000), /^ge-muse-xml: malformed XML at line \d+/],
      ['b64.xml', badBase64, /^ge-muse-xml: Median waveform, lead I: WaveFormData is not valid base64$/],
    ];
    for (const [name, data, reason] of cases) {
      const file = join(dir, name);
      writeFileSync(file, data);
      const io = captureIo(dir);
      assert.equal(await runCli(['inspect', file], io), 2, name);
      assert.ok(io.err.startsWith(`error: ${file}: `), io.err);
      assert.match(io.err.trim().slice(`error: ${file}: `.length), reason);
    }
  });
});

test('CLI: convert MUSE XML --to dicom gives a 12-lead DICOM with the derived leads', { skip }, async () => {
  await inTempDir(async (dir) => {
    const input = join(dir, 'muse.xml');
    writeFileSync(input, readShared(SAMPLE));
    const io = captureIo(dir);
    assert.equal(await runCli(['convert', input, '--to', 'dicom', '--out', 'muse.dcm'], io), 0, io.err);
    const back = readDicomWaveform(new Uint8Array(readFileSync(join(dir, 'muse.dcm'))), { fileName: 'muse.dcm' });
    assert.equal(back.leads.length, 12);
    assert.equal(back.samplingRateHz, 500);
    assert.equal((back.metadata['dicom'] as { sopClassName: string }).sopClassName, '12-lead ECG Waveform Storage');
  });
});

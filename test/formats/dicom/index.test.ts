// Tests for the registered DICOM reader and writer: sniffing, detection, and the CLI on real and corrupt files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dicomReader, dicomWriter, readDicomWaveform } from '../../../src/formats/dicom';
import { part10File, stringElement, tag } from '../../../src/formats/dicom/dicomEncoder';
import { detectFormat } from '../../../src/formats/detect';
import { writerFor } from '../../../src/formats/writers';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { readShared, skipWithoutSharedData } from '../../helpers/sharedData';

const SAMPLE = 'dicom-ecg/waveform_ecg.dcm';
const skip = skipWithoutSharedData(SAMPLE);

function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-dicom-cli-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('dicomReader.sniff: waveform Part 10 files score 1, other DICOM 0.6, text 0', { skip }, () => {
  const bytes = readShared(SAMPLE);
  assert.equal(dicomReader.sniff(bytes, 'x'), 1);
  const ct = part10File([stringElement(tag(0x0002, 0x0002), 'UI', '1.2.840.10008.5.1.4.1.1.2')], []);
  assert.equal(dicomReader.sniff(ct, 'ct.dcm'), 0.6);
  assert.equal(dicomReader.sniff(new TextEncoder().encode('<?xml version="1.0"?>'), 'x.xml'), 0);
  assert.equal(detectFormat(bytes, 'no-extension'), dicomReader);
  assert.equal(writerFor('dicom'), dicomWriter);
});

test('CLI: inspect --json on the DICOM sample prints its summary', { skip }, async () => {
  await inTempDir(async (dir) => {
    const file = join(dir, 'ecg.dcm');
    writeFileSync(file, readShared(SAMPLE));
    const io = captureIo(dir);
    assert.equal(await runCli(['inspect', file, '--json'], io), 0, io.err);
    const summary = JSON.parse(io.out) as { format: string; samplingRateHz: number; leads: string[]; metadata: { patient: Record<string, unknown> } };
    assert.equal(summary.format, 'dicom');
    assert.equal(summary.samplingRateHz, 1000);
    assert.equal(summary.leads.length, 12);
    assert.deepEqual(summary.metadata.patient, { sex: 'F', ageYears: 42 });
  });
});

test('CLI: truncated and corrupted DICOM files give `error: <file>: <reason>` and exit 2', { skip }, async () => {
  const bytes = readShared(SAMPLE);
  await inTempDir(async (dir) => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['cut-header.dcm', bytes.subarray(0, 2000), /^dicom: /],
      ['cut-data.dcm', bytes.subarray(0, 200000), /^dicom: /],
      ['tiny.dcm', bytes.subarray(0, 64), /not a recognised ECG file/],
    ];
    for (const [name, data, reason] of cases) {
      const file = join(dir, name);
      writeFileSync(file, data);
      const io = captureIo(dir);
      assert.equal(await runCli(['inspect', file], io), 2, name);
      assert.ok(io.err.startsWith(`error: ${file}: `), io.err);
      assert.match(io.err.slice(`error: ${file}: `.length), reason);
      assert.equal(io.err.trim().split('\n').length, 1, io.err);
    }
  });
});

test('CLI: convert --to dicom --anonymize writes a file our reader reads back without identifiers', { skip }, async () => {
  await inTempDir(async (dir) => {
    const input = join(dir, 'in.dcm');
    writeFileSync(input, readShared(SAMPLE));
    const io = captureIo(dir);
    assert.equal(await runCli(['convert', input, '--to', 'dicom', '--out', 'out.dcm', '--anonymize'], io), 0, io.err);
    const back = readDicomWaveform(new Uint8Array(readFileSync(join(dir, 'out.dcm'))), { fileName: 'out.dcm' });
    assert.deepEqual(back.patient, { sex: 'F', ageYears: 42 });
    assert.equal(back.samplesPerLead, 10000);
  });
});

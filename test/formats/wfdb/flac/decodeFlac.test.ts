// Tests for decodeFlac: flac-CLI golden files, libFLAC's MD5 of the WFDB sample streams, hand-built subframes, bad input.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeFlac, flacCrc16, flacCrc8, readFlacStreamInfo, type FlacDecodeStats } from '../../../../src/formats/wfdb/flac/decodeFlac';
import { FormatError } from '../../../../src/shared/errors';
import { readShared, skipWithoutSharedData } from '../../../helpers/sharedData';
import { FLAC_GOLDEN_CASES, goldenSamples } from './flacGoldenInput';
import { buildFlac, testSignal, type FrameSpec, type StreamSpec, type SubframeSpec } from './flacStreamBuilder';

const GOLDEN_DIR = join(__dirname, '..', '..', '..', 'golden', 'flac');
const SAMPLES = 'wfdb-python-samples/sample-data';

function assertSamples(actual: Int32Array, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${what}: sample ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

function isFormatError(pattern?: RegExp): (e: unknown) => boolean {
  return (e: unknown) => e instanceof FormatError && (pattern === undefined || pattern.test(e.reason));
}

/** MD5 of decoded audio as libFLAC computes it: interleaved little-endian samples of ceil(bps/8) bytes. */
function audioMd5(channels: Int32Array[], bitsPerSample: number): string {
  const bytesPer = Math.ceil(bitsPerSample / 8);
  const n = channels[0]!.length;
  const buf = Buffer.alloc(n * channels.length * bytesPer);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (const ch of channels) {
      let v = ch[i]!;
      for (let b = 0; b < bytesPer; b++, v >>= 8) buf[o++] = v & 0xff;
    }
  }
  return createHash('md5').update(buf).digest('hex');
}

describe('decodeFlac: golden files made by the flac 1.4.2 CLI', () => {
  const total: FlacDecodeStats[] = [];
  for (const c of FLAC_GOLDEN_CASES) {
    test(`decodeFlac: ${c.name} (${c.channels} ch, ${c.bitsPerSample} bit, flac ${c.flacArgs}) equals its input exactly`, () => {
      const d = decodeFlac(new Uint8Array(readFileSync(join(GOLDEN_DIR, `${c.name}.flac`))));
      assert.equal(d.streamInfo.channels, c.channels);
      assert.equal(d.streamInfo.bitsPerSample, c.bitsPerSample);
      assert.equal(d.streamInfo.sampleRateHz, c.sampleRateHz);
      assert.equal(d.streamInfo.totalSamples, c.samples);
      assert.deepEqual(d.warnings, []);
      const expected = goldenSamples(c);
      for (let ch = 0; ch < c.channels; ch++) assertSamples(d.channels[ch]!, expected[ch]!, `${c.name} channel ${ch}`);
      assert.equal(audioMd5(d.channels, c.bitsPerSample), d.streamInfo.md5);
      total.push(d.stats);
    });
  }
  test('decodeFlac: the golden files together use every subframe type, both Rice codings, wasted bits and all stereo modes', () => {
    assert.equal(total.length, FLAC_GOLDEN_CASES.length);
    const sum = (f: (s: FlacDecodeStats) => number): number => total.reduce((a, s) => a + f(s), 0);
    assert.ok(sum((s) => s.constant) > 0, 'CONSTANT');
    assert.ok(sum((s) => s.verbatim) > 0, 'VERBATIM');
    for (let order = 0; order <= 4; order++) assert.ok(sum((s) => s.fixed[order]!) > 0, `FIXED order ${order}`);
    assert.ok(sum((s) => s.lpc.slice(1, 13).reduce((a, v) => a + v, 0)) > 0, 'LPC order ≤ 12');
    assert.ok(sum((s) => s.lpc.slice(13).reduce((a, v) => a + v, 0)) > 0, 'LPC order > 12');
    assert.ok(sum((s) => s.riceParam4) > 0 && sum((s) => s.riceParam5) > 0, 'Rice and Rice2');
    assert.ok(sum((s) => s.wastedBitsSubframes) > 0, 'wasted bits');
    for (const mode of ['independent', 'leftSide', 'sideRight', 'midSide'] as const) assert.ok(sum((s) => s[mode]) > 0, mode);
  });
});

describe('decodeFlac: WFDB FLAC sample records', { skip: skipWithoutSharedData(SAMPLES) }, () => {
  const files = ['flacformats.d0', 'flacformats.d1', 'flacformats.d2', 'flac_3_constant.dat', 'mixedsignals_e.dat', 'mixedsignals_p.dat', 'mixedsignals_r.dat'];
  for (const f of files) {
    test(`decodeFlac: ${f} matches the MD5 that libFLAC stored while encoding`, () => {
      const d = decodeFlac(readShared(SAMPLES, f), { fileName: f });
      assert.equal(d.samplesPerChannel, d.streamInfo.totalSamples);
      assert.match(d.streamInfo.md5, /^(?!0{32})[0-9a-f]{32}$/);
      assert.equal(audioMd5(d.channels, d.streamInfo.bitsPerSample), d.streamInfo.md5);
    });
  }
  test('decodeFlac: flac_3_constant.dat is 3 constant channels of 5,600,000 samples (25, 50, 75)', () => {
    const d = decodeFlac(readShared(SAMPLES, 'flac_3_constant.dat'));
    assert.equal(d.samplesPerChannel, 5_600_000);
    [25, 50, 75].forEach((v, c) => {
      const ch = d.channels[c]!;
      for (let i = 0; i < ch.length; i++) if (ch[i] !== v) assert.fail(`channel ${c} sample ${i} is ${ch[i]}`);
    });
  });
  test('decodeFlac: sampleLimit stops early and readFlacStreamInfo reads only the metadata', () => {
    const bytes = readShared(SAMPLES, 'flac_3_constant.dat');
    const d = decodeFlac(bytes, { sampleLimit: 10_000 });
    assert.ok(d.samplesPerChannel >= 10_000 && d.samplesPerChannel < 10_000 + d.streamInfo.maxBlockSize);
    assert.equal(readFlacStreamInfo(bytes).streamInfo.totalSamples, 5_600_000);
    assert.throws(() => decodeFlac(bytes, { maxSamples: 1_000_000 }), isFormatError(/more than the 1000000/));
  });
});

/** One frame of `n` samples per channel from the given subframes. */
function frame(n: number, subframes: SubframeSpec[], extra: Partial<FrameSpec> = {}): FrameSpec {
  return { blockSize: n, channelCode: subframes.length - 1, bpsCode: 0, bitsPerSample: 16, number: 0, subframes, ...extra };
}

function stream(frames: FrameSpec[], extra: Partial<StreamSpec> = {}): Uint8Array {
  const channels = frames[0]!.channelCode < 8 ? frames[0]!.channelCode + 1 : 2;
  const total = frames.reduce((a, f) => a + f.blockSize, 0);
  return buildFlac({ channels, bitsPerSample: frames[0]!.bitsPerSample, totalSamples: total, frames, ...extra });
}

describe('decodeFlac: hand-built streams, one feature each', () => {
  test('decodeFlac: CONSTANT subframes in 8-bit (code 1) and 12-bit (code 2) frames, 8-bit block size code', () => {
    const d8 = decodeFlac(stream([frame(37, [{ kind: 'constant', value: -100 }], { bitsPerSample: 8, bpsCode: 1 })]));
    assertSamples(d8.channels[0]!, new Array(37).fill(-100), '8-bit constant');
    const d12 = decodeFlac(stream([frame(300, [{ kind: 'constant', value: 2047 }, { kind: 'constant', value: -2048 }], { bitsPerSample: 12, bpsCode: 2 })]));
    assertSamples(d12.channels[0]!, new Array(300).fill(2047), '12-bit ch0');
    assertSamples(d12.channels[1]!, new Array(300).fill(-2048), '12-bit ch1');
    assert.equal(d12.stats.constant, 2);
  });

  test('decodeFlac: VERBATIM subframes at 20 bits (code 5) and 32 bits (code 7), 16-bit block size code', () => {
    const s20 = testSignal(1000, 2 ** 19);
    assertSamples(decodeFlac(stream([frame(1000, [{ kind: 'verbatim', samples: s20 }], { bitsPerSample: 20, bpsCode: 5 })])).channels[0]!, s20, '20-bit');
    const s32 = testSignal(50, 2 ** 31).map((v, i) => (i === 0 ? -(2 ** 31) : i === 1 ? 2 ** 31 - 1 : v));
    assertSamples(decodeFlac(stream([frame(50, [{ kind: 'verbatim', samples: s32 }], { bitsPerSample: 32, bpsCode: 7 })])).channels[0]!, s32, '32-bit');
  });

  for (let order = 0; order <= 4; order++) {
    test(`decodeFlac: FIXED order ${order} with 4 residual partitions`, () => {
      const s = testSignal(256, 30000, order + 2);
      const d = decodeFlac(stream([frame(256, [{ kind: 'fixed', order, samples: s, residual: { partitionOrder: 2 } }], { bpsCode: 4 })]));
      assertSamples(d.channels[0]!, s, `order ${order}`);
      assert.equal(d.stats.fixed[order], 1);
    });
  }

  for (const [order, precision, shift, bits] of [
    [1, 12, 10, 16],
    [2, 14, 12, 16],
    [3, 15, 13, 16],
    [8, 15, 14, 24],
    [32, 15, 14, 24],
    [12, 15, 13, 32],
  ] as const) {
    test(`decodeFlac: LPC order ${order}, ${precision}-bit coefficients, shift ${shift}, ${bits}-bit samples`, () => {
      const s = testSignal(384, 2 ** (bits - 1), order);
      // A fixed, stable-enough predictor: a smoothing filter scaled to the coefficient precision.
      const coefs = Array.from({ length: order }, (_, j) => Math.round(((order === 1 ? 0.95 : j === 0 ? 1.6 : j === 1 ? -0.7 : 0.01) * 2 ** shift)));
      const clipped = coefs.map((c) => Math.max(-(2 ** (precision - 1)), Math.min(2 ** (precision - 1) - 1, c)));
      const sub: SubframeSpec = { kind: 'lpc', coefs: clipped, precision, shift, samples: s, residual: { method: bits > 16 ? 1 : 0, partitionOrder: 1 } };
      const d = decodeFlac(stream([frame(384, [sub], { bitsPerSample: bits, bpsCode: bits === 16 ? 4 : bits === 24 ? 6 : 7 })]));
      assertSamples(d.channels[0]!, s, `LPC ${order}`);
      assert.equal(d.stats.lpc[order], 1);
    });
  }

  test('decodeFlac: escaped residual partitions (width 0 and width 9) and Rice2 parameters above 24', () => {
    const s = testSignal(64, 200).map((v, i) => (i < 16 ? 0 : v));
    const d = decodeFlac(
      stream([frame(64, [{ kind: 'fixed', order: 0, samples: s, residual: { method: 1, partitionOrder: 2, partitions: [{ escapeBits: 0 }, { escapeBits: 9 }, { rice: 3 }, { rice: 26 }] } }])]),
    );
    assertSamples(d.channels[0]!, s, 'escaped');
    assert.equal(d.stats.escapedPartitions, 2);
    const big = [2 ** 31 - 1, -(2 ** 31), 123456789, -987654321, 0, 1, -1, 2 ** 30];
    const d32 = decodeFlac(stream([frame(8, [{ kind: 'fixed', order: 0, samples: big, residual: { method: 1, partitions: [{ rice: 30 }] } }], { bitsPerSample: 32, bpsCode: 7 })]));
    assertSamples(d32.channels[0]!, big, 'Rice parameter 30');
  });

  test('decodeFlac: wasted bits on CONSTANT, VERBATIM, FIXED and LPC subframes', () => {
    const s = testSignal(64, 4000).map((v) => v * 8);
    const subs: SubframeSpec[] = [
      { kind: 'constant', value: -96, wasted: 5 },
      { kind: 'verbatim', samples: s, wasted: 3 },
      { kind: 'fixed', order: 2, samples: s, wasted: 3 },
      { kind: 'lpc', coefs: [900, -300], precision: 12, shift: 9, samples: s, wasted: 2 },
    ];
    const d = decodeFlac(stream([frame(64, subs)]));
    assertSamples(d.channels[0]!, new Array(64).fill(-96), 'constant');
    for (let c = 1; c < 4; c++) assertSamples(d.channels[c]!, s, `channel ${c}`);
    assert.equal(d.stats.wastedBitsSubframes, 4);
  });

  test('decodeFlac: left/side, side/right and mid/side frames restore left and right (odd sides included)', () => {
    const left = testSignal(192, 20000, 3);
    const right = left.map((v, i) => v - 7 + (i % 5) - (i % 2));
    const side = left.map((v, i) => v - right[i]!);
    const mid = left.map((v, i) => Math.floor((v + right[i]!) / 2));
    const frames: FrameSpec[] = [
      frame(192, [{ kind: 'fixed', order: 2, samples: left }, { kind: 'fixed', order: 1, samples: side }], { channelCode: 8, number: 0 }),
      frame(192, [{ kind: 'fixed', order: 1, samples: side }, { kind: 'fixed', order: 2, samples: right }], { channelCode: 9, number: 1 }),
      frame(192, [{ kind: 'fixed', order: 2, samples: mid }, { kind: 'verbatim', samples: side }], { channelCode: 10, number: 2 }),
      frame(192, [{ kind: 'verbatim', samples: left }, { kind: 'verbatim', samples: right }], { channelCode: 1, number: 3 }),
    ];
    const d = decodeFlac(stream(frames));
    const rep = (a: number[]): number[] => [...a, ...a, ...a, ...a];
    assertSamples(d.channels[0]!, rep(left), 'left');
    assertSamples(d.channels[1]!, rep(right), 'right');
    assert.deepEqual([d.stats.leftSide, d.stats.sideRight, d.stats.midSide, d.stats.independent], [1, 1, 1, 1]);
  });

  test('decodeFlac: variable block sizes with multi-byte coded sample numbers and frame sample-rate codes 12–14', () => {
    const sizes = [100, 37, 4096, 250, 1];
    const s = testSignal(sizes.reduce((a, v) => a + v, 0), 30000, 9);
    let at = 0;
    const frames = sizes.map((n, i): FrameSpec => {
      const f = frame(n, [{ kind: n > 4 ? 'fixed' : 'verbatim', order: 2, samples: s.slice(at, at + n) } as SubframeSpec], {
        variable: true,
        number: at,
        sampleRateCode: 12 + (i % 3),
        sampleRateExtra: 50,
      });
      at += n;
      return f;
    });
    const d = decodeFlac(stream(frames, { minBlockSize: 1, maxBlockSize: 4096 }));
    assertSamples(d.channels[0]!, s, 'variable');
    assert.equal(d.stats.variableBlockSize, true);
  });

  test('decodeFlac: unknown metadata blocks are skipped and an unknown total length decodes to the end', () => {
    const s = testSignal(500, 1000);
    const frames = [frame(250, [{ kind: 'fixed', order: 1, samples: s.slice(0, 250) }]), frame(250, [{ kind: 'fixed', order: 1, samples: s.slice(250) }], { number: 1 })];
    const body = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i & 0xff);
    const bytes = stream(frames, { totalSamples: 0, extraBlocks: [{ type: 4, body: body(40) }, { type: 99, body: body(3) }, { type: 1, body: body(0) }] });
    const d = decodeFlac(bytes);
    assertSamples(d.channels[0]!, s, 'samples');
    assert.deepEqual(d.metadataBlocks.map((b) => b.type), [0, 4, 99, 1]);
    assert.equal(d.streamInfo.totalSamples, 0);
  });

  test('decodeFlac: CRC-8 and CRC-16 follow RFC 9639 (check values of "123456789")', () => {
    const digits = new TextEncoder().encode('123456789');
    assert.equal(flacCrc8(digits, 0, 9), 0xf4);
    assert.equal(flacCrc16(digits, 0, 9), 0xfee8);
  });
});

describe('decodeFlac: corrupt, truncated and empty input give FormatError', () => {
  const good = stream([
    frame(64, [{ kind: 'fixed', order: 2, samples: testSignal(64, 3000) }, { kind: 'lpc', coefs: [700, -200], precision: 12, shift: 9, samples: testSignal(64, 3000, 5) }]),
    frame(64, [{ kind: 'constant', value: 5 }, { kind: 'verbatim', samples: testSignal(64, 3000, 7) }], { number: 1 }),
  ]);

  test('decodeFlac: empty input and a missing fLaC marker', () => {
    assert.throws(() => decodeFlac(new Uint8Array(0)), isFormatError(/empty/));
    assert.throws(() => decodeFlac(new TextEncoder().encode('RIFF....WAVE')), isFormatError(/no "fLaC" marker/));
  });

  test('decodeFlac: every truncation of a two-frame stream is a FormatError', () => {
    assert.equal(decodeFlac(good).samplesPerChannel, 128);
    for (let n = 1; n < good.length; n++) assert.throws(() => decodeFlac(good.subarray(0, n)), isFormatError(), `prefix of ${n} bytes`);
  });

  test('decodeFlac: a flipped audio bit fails the frame CRC-16 (a warning with onCrcMismatch: warn)', () => {
    const bad = good.slice();
    bad[bad.length - 10]! ^= 0x10;
    assert.throws(() => decodeFlac(bad), isFormatError(/CRC-16 mismatch in frame 1/));
    const d = decodeFlac(bad, { onCrcMismatch: 'warn' });
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0]!, /CRC-16 mismatch/);
  });

  test('decodeFlac: a flipped header bit fails the CRC-8, and out-of-sequence frames are refused', () => {
    const start = 4 + 4 + 34;
    const bad = good.slice();
    bad[start + 4]! ^= 0x01;
    assert.throws(() => decodeFlac(bad), isFormatError());
    const twice = stream([frame(64, [{ kind: 'constant', value: 1 }]), frame(64, [{ kind: 'constant', value: 1 }])].map((f) => ({ ...f, number: 0 })));
    assert.throws(() => decodeFlac(twice), isFormatError(/out of sequence/));
  });

  test('decodeFlac: declared length longer than the frames, reserved codes and 32-bit side channels', () => {
    const short = stream([frame(64, [{ kind: 'constant', value: 1 }])], { totalSamples: 1000 });
    assert.throws(() => decodeFlac(short), isFormatError(/declares 1000 samples per channel, its frames hold 64/));
    const side32 = stream([frame(16, [{ kind: 'constant', value: 1 }, { kind: 'constant', value: 0 }], { bitsPerSample: 32, bpsCode: 7, channelCode: 10 })]);
    assert.throws(() => decodeFlac(side32), isFormatError(/32-bit stereo/));
    const reservedBps = stream([frame(16, [{ kind: 'constant', value: 1 }], { bpsCode: 3 })]);
    assert.throws(() => decodeFlac(reservedBps), isFormatError(/reserved bit depth/));
    const firstNotStreamInfo = good.slice();
    firstNotStreamInfo[4] = 0x04;
    assert.throws(() => decodeFlac(firstNotStreamInfo), isFormatError(/first FLAC metadata block/));
  });

  test('decodeFlac: 2000 random byte corruptions give a FormatError or a decode, never another error', () => {
    let x = 12345;
    const rand = (n: number): number => {
      x = (x * 48271) % 2147483647;
      return x % n;
    };
    let errors = 0;
    for (let k = 0; k < 2000; k++) {
      const bad = good.slice();
      for (let j = 0, m = 1 + rand(3); j < m; j++) bad[rand(bad.length)] = rand(256);
      try {
        decodeFlac(bad, { onCrcMismatch: k % 2 === 0 ? 'warn' : 'throw' });
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        errors++;
      }
    }
    assert.ok(errors > 0);
  });
});

// Reads MIT-format WFDB annotation files (.atr, .qrs, …) into EcgAnnotation lists.
import type { EcgAnnotation } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import { ACMAX, annotationMnemonic } from './annotationCodes';

/** Pseudo-annotation codes of the MIT format (WFDB annot(5)). */
export const SKIP = 59;
export const NUM = 60;
export const SUB = 61;
export const CHN = 62;
export const AUX = 63;
/** Code of NOTE annotations, which also carry the custom-label definition block. */
export const NOTE = 22;

export interface WfdbAnnotationFile {
  annotations: EcgAnnotation[];
  /** Custom annotation codes defined at the start of the file: code → { mnemonic, description }. */
  customLabels: Map<number, { mnemonic: string; description: string }>;
  /** Time resolution declared by a '## time resolution' note, if any (ticks per second). */
  timeResolutionHz: number | undefined;
}

/**
 * Decodes an MIT annotation file (WFDB annot(5), "MIT format": https://physionet.org/physiotools/wag/annot-5.htm).
 * Each 16-bit little-endian word holds a 6-bit code A and a 10-bit field I; A = 1–49 starts an annotation
 * I ticks after the previous one; SKIP (59) adds a 32-bit interval (high word first); NUM, SUB, CHN, AUX
 * (60–63) qualify the annotation just read; A = 0, I = 0 ends the file. As in the WFDB library, NUM and
 * CHN carry over to following annotations, SUB and AUX do not. The custom-label definition block
 * (NOTE annotations at time 0 between '## annotation type definitions' and '## end of definitions')
 * is returned in `customLabels`, not as annotations.
 */
export function readWfdbAnnotationFile(bytes: Uint8Array, fileName = 'annotations.atr'): WfdbAnnotationFile {
  const fail = (reason: string, byteOffset?: number): never => {
    throw new FormatError({ format: 'wfdb-annotations', file: fileName, reason, byteOffset });
  };
  if (bytes.length === 0) fail('the annotation file is empty');
  if (bytes.length < 2) fail('the annotation file is shorter than one word');
  const annotations: EcgAnnotation[] = [];
  const customLabels = new Map<number, { mnemonic: string; description: string }>();
  let timeResolutionHz: number | undefined;
  let time = 0;
  let num = 0;
  let chan = 0;
  let current: EcgAnnotation | undefined;
  let inDefinitions = false;
  let pos = 0;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('latin1');
  const decodeAux = (b: Uint8Array): string => {
    try {
      return utf8.decode(b);
    } catch {
      return latin1.decode(b);
    }
  };
  const finish = (): void => {
    if (current === undefined) return;
    const a = current;
    current = undefined;
    const aux = a.aux;
    if (a.code === '"' && a.sampleIdx === 0 && aux !== undefined && aux.startsWith('## ')) {
      if (aux.startsWith('## annotation type definitions')) inDefinitions = true;
      else if (aux.startsWith('## end of definitions')) inDefinitions = false;
      const res = /^## time resolution:\s*([0-9.eE+-]+)/.exec(aux);
      if (res !== null) timeResolutionHz = Number(res[1]);
      return;
    }
    if (inDefinitions && a.code === '"' && aux !== undefined) {
      const m = /^(\d+)\s+(\S+)\s*(.*)$/.exec(aux.replace(/\n$/, ''));
      if (m !== null) customLabels.set(Number(m[1]), { mnemonic: m[2] as string, description: (m[3] as string).trim() });
      return;
    }
    annotations.push(a);
  };
  while (pos + 1 < bytes.length) {
    const word = (bytes[pos] as number) | ((bytes[pos + 1] as number) << 8);
    const a = word >> 10;
    const i = word & 0x3ff;
    const at = pos;
    pos += 2;
    if (a === 0 && i === 0) break;
    if (a === SKIP) {
      if (pos + 4 > bytes.length) fail('SKIP interval is cut off', at);
      const high = (bytes[pos] as number) | ((bytes[pos + 1] as number) << 8);
      const low = (bytes[pos + 2] as number) | ((bytes[pos + 3] as number) << 8);
      time += ((high << 16) | low) >> 0;
      pos += 4;
      continue;
    }
    if (a === NUM || a === SUB || a === CHN) {
      if (current === undefined) fail(`qualifier code ${a} before any annotation`, at);
      const c = current as EcgAnnotation;
      if (a === NUM) {
        num = ((i & 0xff) << 24) >> 24;
        c.num = num;
      } else if (a === SUB) {
        c.subtype = ((i & 0xff) << 24) >> 24;
      } else {
        chan = i & 0xff;
        c.channel = chan;
      }
      continue;
    }
    if (a === AUX) {
      if (current === undefined) fail('AUX field before any annotation', at);
      if (pos + i > bytes.length) fail(`AUX field of ${i} bytes is cut off`, at);
      let end = pos + i;
      // The stored text may carry a terminating NUL inside its declared length.
      while (end > pos && bytes[end - 1] === 0) end--;
      (current as EcgAnnotation).aux = decodeAux(bytes.subarray(pos, end));
      pos += i + (i & 1);
      continue;
    }
    if (a > ACMAX) fail(`annotation code ${a} is not defined`, at);
    finish();
    time += i;
    // A = 0 with I > 0 moves the time without an annotation (writers use it after the definition block).
    if (a === 0) continue;
    current = {
      sampleIdx: time,
      code: customLabels.get(a)?.mnemonic ?? annotationMnemonic(a),
      subtype: 0,
      channel: chan,
      num,
    };
  }
  finish();
  return { annotations, customLabels, timeResolutionHz };
}

/** Annotations of an MIT-format annotation file (see readWfdbAnnotationFile). */
export function readWfdbAnnotations(bytes: Uint8Array, fileName = 'annotations.atr'): EcgAnnotation[] {
  return readWfdbAnnotationFile(bytes, fileName).annotations;
}

// Writes EcgAnnotation lists as MIT-format WFDB annotation files (.atr).
import type { EcgAnnotation } from '../../shared/ecgRecord';
import { FormatError } from '../../shared/errors';
import { annotationCode } from './annotationCodes';
import { AUX, CHN, NOTE, NUM, SKIP, SUB } from './readWfdbAnnotations';

/**
 * Encodes annotations in the MIT format (WFDB annot(5)), in the field order of the WFDB library's putann:
 * [SKIP] code word, SUB when non-zero, CHN and NUM when they change, AUX when present, then the 0 word.
 * Codes outside the standard table become NOTE ('"') annotations whose aux text starts with the code.
 * Annotations are written in sample order.
 */
export function writeWfdbAnnotations(annotations: readonly EcgAnnotation[]): Uint8Array {
  const sorted = [...annotations].sort((a, b) => a.sampleIdx - b.sampleIdx);
  const bytes: number[] = [];
  const pushWord = (w: number): void => {
    bytes.push(w & 0xff, (w >> 8) & 0xff);
  };
  const encoder = new TextEncoder();
  let time = 0;
  let chan = 0;
  let num = 0;
  for (const a of sorted) {
    if (!Number.isSafeInteger(a.sampleIdx) || a.sampleIdx < 0) {
      throw new FormatError({ format: 'wfdb-annotations', reason: `annotation sample ${a.sampleIdx} is not a non-negative integer` });
    }
    let code = annotationCode(a.code);
    let aux = a.aux;
    if (code === undefined || code === 0) {
      code = NOTE;
      aux = aux === undefined || aux === '' ? a.code : `${a.code} ${aux}`;
    }
    let delta = a.sampleIdx - time;
    if (delta > 1023) {
      // SKIP intervals are signed 32-bit; very long gaps take several.
      while (delta > 1023) {
        const step = Math.min(delta, 0x7fffffff);
        pushWord(SKIP << 10);
        pushWord((step >>> 16) & 0xffff);
        pushWord(step & 0xffff);
        delta -= step;
      }
    }
    pushWord((code << 10) | delta);
    time = a.sampleIdx;
    const sub = a.subtype ?? 0;
    if (sub !== 0) pushWord((SUB << 10) | (sub & 0xff));
    const c = a.channel ?? chan;
    if (c !== chan) {
      pushWord((CHN << 10) | (c & 0xff));
      chan = c;
    }
    const n = a.num ?? num;
    if (n !== num) {
      pushWord((NUM << 10) | (n & 0xff));
      num = n;
    }
    if (aux !== undefined && aux !== '') {
      const text = encoder.encode(aux).subarray(0, 255);
      pushWord((AUX << 10) | text.length);
      for (const b of text) bytes.push(b);
      if (text.length % 2 === 1) bytes.push(0);
    }
  }
  pushWord(0);
  return Uint8Array.from(bytes);
}

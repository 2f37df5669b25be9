// DICOM ECG waveform format: the reader and writer ECG Studio registers, plus their building blocks.
import type { FormatReader } from '../../shared/formatReader';
import type { FormatWriter } from '../writers';
import { readDicomWaveform } from './readDicomWaveform';
import { writeDicomEcg } from './writeDicomEcg';

export { readDicomWaveform } from './readDicomWaveform';
export { writeDicomEcg, chooseSopClass, newUuidUid, IMPLEMENTATION_CLASS_UID, type DicomWriteOptions } from './writeDicomEcg';
export { SOP_CLASS } from './dicomCodes';

const WAVEFORM_SOP_PREFIX = '1.2.840.10008.5.1.4.1.1.9.';

/** Latin-1 view of the first bytes, for cheap sniffing. */
function head(bytes: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < Math.min(n, bytes.length); i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

export const dicomReader: FormatReader = {
  format: 'dicom',
  title: 'DICOM ECG waveform',
  extensions: ['.dcm', '.dicom'],
  sniff(bytes) {
    const start = head(bytes, 1024);
    if (start.slice(128, 132) === 'DICM') return start.includes(WAVEFORM_SOP_PREFIX) ? 1 : 0.6;
    // File meta without preamble ((0002,0000) UL …), or a bare data set starting in group 0008.
    if (start.startsWith('\x02\x00\x00\x00UL')) return start.includes(WAVEFORM_SOP_PREFIX) ? 0.9 : 0.5;
    if (bytes[0] === 0x08 && bytes[1] === 0x00 && start.includes(WAVEFORM_SOP_PREFIX)) return 0.7;
    if (bytes[0] === 0x08 && bytes[1] === 0x00) return 0.1;
    return 0;
  },
  read: readDicomWaveform,
};

/** `convert --to dicom`: one .dcm file; the record arrives already anonymised when --anonymize was given. */
export const dicomWriter: FormatWriter = {
  name: 'dicom',
  extension: '.dcm',
  write(record, baseName) {
    return [{ name: `${baseName}.dcm`, bytes: writeDicomEcg(record) }];
  },
};

// Public API of the WFDB (PhysioNet) format: record reader and writer, header parser, MIT annotations.
import type { FormatWriter } from '../writers';
import { writeWfdb } from './writeWfdb';

export { readWfdb, wfdbReader, MAX_OUTPUT_SAMPLES, type ReadWfdbOptions } from './readWfdb';
export { writeWfdb, type WriteWfdbOptions } from './writeWfdb';
export { parseWfdbHeader, type WfdbHeader, type WfdbSignalSpec, type WfdbSegmentSpec } from './parseWfdbHeader';
export { readWfdbAnnotations, readWfdbAnnotationFile, type WfdbAnnotationFile } from './readWfdbAnnotations';
export { writeWfdbAnnotations } from './writeWfdbAnnotations';
export { annotationMnemonic, annotationCode } from './annotationCodes';

/** Writer entry for src/formats/writers.ts (`convert --to wfdb`): format 212 when the source was 212, else 16. */
export const wfdbWriter: FormatWriter = {
  name: 'wfdb',
  extension: '.hea',
  write: (record, baseName) => writeWfdb(record, baseName),
};

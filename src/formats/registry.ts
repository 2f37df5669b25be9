// Every format reader ECG Studio knows, in the order detection consults them.
import type { FormatReader } from '../shared/formatReader';
import { edfReader } from './edf';
import { dicomReader } from './dicom';
import { geMuseReader } from './gemuse';
import { hl7AecgReader } from './hl7aecg';
import { philipsXmlReader } from './philips';
import { scpEcgReader } from './scp';
import { wfdbReader } from './wfdb';
import { csvReader } from './csv';

export const FORMAT_READERS: readonly FormatReader[] = [
  edfReader,
  csvReader,
  dicomReader,
  geMuseReader,
  hl7AecgReader,
  scpEcgReader,
  philipsXmlReader,
  wfdbReader,
];

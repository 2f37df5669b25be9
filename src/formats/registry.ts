// Every format reader ECG Studio knows, in the order detection consults them.
import type { FormatReader } from '../shared/formatReader';

export const FORMAT_READERS: readonly FormatReader[] = [];

// SCP-ECG format: reader and its decoding pieces.
export { readScpEcg, scpEcgReader } from './readScpEcg';
export { crcCcitt } from './scpCrc';
export { DEFAULT_HUFFMAN_TABLE, huffmanDecode, undoDifferences, type HuffmanTable, type HuffmanCode } from './scpHuffman';
export { undoBimodal, bimodalStoredCount, type ProtectedZone } from './scpBimodal';
export { scpLeadName } from './scpLeadNames';

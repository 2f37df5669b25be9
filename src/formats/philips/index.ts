// Philips Sierra / PageWriter ECG XML format: reader and XLI decompression.
export { readPhilipsXml, philipsXmlReader, reconstructPhilipsLimbLeads } from './readPhilipsXml';
export { decodeXli, lzwDecode10 } from './decodeXli';
export { decodeBase64 } from './decodeBase64';

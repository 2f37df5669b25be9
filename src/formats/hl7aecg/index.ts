// HL7 aECG format: reader and its helpers.
export { readHl7Aecg, hl7AecgReader } from './readHl7Aecg';
export { parseHl7Timestamp, timeQuantitySec } from './hl7Time';

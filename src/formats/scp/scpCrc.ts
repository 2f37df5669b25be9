// CRC-CCITT as SCP-ECG uses it for the record and for each section (EN 1064:2005 §5.3.2).

/** CRC-CCITT (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR) of `bytes`. */
export function crcCcitt(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= (bytes[i] as number) << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

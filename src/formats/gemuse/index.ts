// GE MUSE RestingECG XML format: the reader ECG Studio registers.
import type { FormatReader } from '../../shared/formatReader';
import { readGeMuseXml } from './readGeMuseXml';

export { readGeMuseXml, deriveLimbLeads } from './readGeMuseXml';

/** Latin-1 (or UTF-16LE with BOM, NULs dropped) view of the first bytes, for cheap sniffing. */
function head(bytes: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < Math.min(n, bytes.length); i++) if (bytes[i] !== 0) s += String.fromCharCode(bytes[i] as number);
  return s;
}

export const geMuseReader: FormatReader = {
  format: 'ge-muse-xml',
  title: 'GE MUSE XML',
  extensions: ['.xml'],
  sniff(bytes) {
    const start = head(bytes, 4096).replace(/^(\xEF\xBB\xBF|\xFF\xFE|\xFE\xFF)/, '');
    // An XML document (not, say, a text file that mentions the element) whose root is RestingECG.
    if (/^\s*</.test(start) && /<RestingECG[\s>]/.test(start)) return 1;
    return 0;
  },
  read: readGeMuseXml,
};

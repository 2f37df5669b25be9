#!/usr/bin/env python3
"""Independent reference for the SCP-ECG reader: the vendor's declared header values (Python stdlib only).

Reads section 0 pointers, section 1 date/time/sex/device tags, section 3 lead table and flags, sections 5/6
headers (AVM, sample interval, difference/bimodal flags, per-lead byte counts), section 4 reference-beat
length and section 7 reference-beat fiducials, as EN 1064:2005 lays them out; CRCs are recomputed.
The signal values themselves are checked against the same ECG in HL7 aECG (test/golden/hl7aecg).
"""
import json
import struct
import sys


def crc_ccitt(b):
    c = 0xFFFF
    for x in b:
        c ^= x << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021) & 0xFFFF if c & 0x8000 else (c << 1) & 0xFFFF
    return c


def main(path, out_path):
    b = open(path, 'rb').read()
    stored_crc, size = struct.unpack_from('<HI', b, 0)
    s0_len = struct.unpack_from('<I', b, 6 + 4)[0]
    sections = {}
    for i in range((s0_len - 16) // 10):
        sid, ln, idx = struct.unpack_from('<HII', b, 6 + 16 + i * 10)
        if ln and idx:
            sections[sid] = (idx - 1, ln)
    body = lambda sid: b[sections[sid][0] + 16: sections[sid][0] + sections[sid][1]]
    crc_ok = {str(sid): struct.unpack_from('<H', b, o)[0] == crc_ccitt(b[o + 2:o + ln]) for sid, (o, ln) in sections.items()}
    out = {'source': path.split('/')[-1], 'recordBytes': size, 'recordCrcOk': stored_crc == crc_ccitt(b[2:size]),
           'sectionCrcOk': crc_ok, 'sections': sorted(sections), 'protocolVersion': b[6 + 9] / 10}
    s1, tags, o = body(1), {}, 0
    while o + 3 <= len(s1) and s1[o] != 255:
        tag, ln = s1[o], struct.unpack_from('<H', s1, o + 1)[0]
        tags[tag] = s1[o + 3:o + 3 + ln]
        o += 3 + ln
    if 25 in tags:
        y, m, d = struct.unpack_from('<HBB', tags[25])
        out['acquisitionDate'] = f'{y:04d}-{m:02d}-{d:02d}'
    if 26 in tags:
        out['acquisitionTime'] = '{:02d}:{:02d}:{:02d}'.format(*tags[26][:3])
    if 8 in tags:
        out['sexCode'] = tags[8][0]
    if 14 in tags:
        out['deviceModel'] = tags[14][8:14].split(b'\0')[0].decode('latin1')
    s3 = body(3)
    n, flags = s3[0], s3[1]
    out['leadCount'] = n
    out['referenceBeatSubtraction'] = bool(flags & 1)
    out['leads'] = [dict(zip(('start', 'end', 'code'), struct.unpack_from('<IIB', s3, 2 + 9 * i))) for i in range(n)]
    for sid, key in ((5, 'referenceBeat'), (6, 'rhythm')):
        if sid in sections:
            s = body(sid)
            avm, interval, diff, extra = struct.unpack_from('<HHBB', s, 0)
            counts = list(struct.unpack_from('<' + 'H' * n, s, 6))
            out[key] = {'avmNv': avm, 'intervalUs': interval, 'difference': diff, 'bimodal': extra if sid == 6 else None,
                        'samplingRateHz': 1e6 / interval, 'byteCounts': counts}
    if 4 in sections:
        ref_len, fid, nqrs = struct.unpack_from('<HHH', body(4), 0)
        out['section4'] = {'referenceBeatLengthMs': ref_len, 'referenceFiducial': fid, 'qrsCount': nqrs}
    if 7 in sections:
        s7 = body(7)
        pon, poff, qon, qoff, toff, pax, qax, tax = struct.unpack_from('<HHHHHhhh', s7, 6)
        out['section7'] = {'meanRrMs': struct.unpack_from('<H', s7, 2)[0], 'pOn': pon, 'pOff': poff, 'qrsOn': qon,
                           'qrsOff': qoff, 'tOff': toff, 'pAxis': pax, 'qrsAxis': qax, 'tAxis': tax}
    with open(out_path, 'w') as f:
        json.dump(out, f, indent=1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

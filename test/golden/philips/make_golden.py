#!/usr/bin/env python3
"""Independent reference for the Philips Sierra XML reader (Python standard library only).

Header values (sampling rate, resolution, lead labels, duration, device measurements, statements) are read
with xml.etree; the XLI waveforms are decoded by a separate Python implementation of the published
algorithm (10-bit LZW, high/low byte halves, second-order deltas, limb-lead reconstruction as in
sierra-ecg-tools), giving per-lead counts, sums and a strided excerpt in digital units.
"""
import base64
import json
import sys
import xml.etree.ElementTree as ET

NS = '{http://www3.medical.philips.com}'


def find(el, path):
    for part in path.split('/'):
        if el is None:
            return None
        el = el.find(NS + part)
    return el


def text(el, path):
    e = find(el, path)
    return None if e is None or e.text is None or e.text.strip() == '' else e.text.strip()


def num(s):
    try:
        return float(s) if s is not None and '.' in s else int(s)
    except (TypeError, ValueError):
        return None


def lzw10(data):
    table = {i: bytes([i]) for i in range(256)}
    out, prev, buf, nbits, pos = bytearray(), None, 0, 0, 0
    while True:
        while nbits <= 24:
            if pos >= len(data):
                return bytes(out)
            buf |= data[pos] << (24 - nbits)
            buf &= 0xFFFFFFFF
            pos += 1
            nbits += 8
        code = (buf >> 22) & 0x3FF
        buf = (buf << 10) & 0xFFFFFFFF
        nbits -= 10
        if code > 1022:
            return bytes(out)
        entry = table[code] if code in table else prev + prev[:1]
        if prev is not None and len(table) <= 1022:
            table[len(table)] = prev + entry[:1]
        prev = entry
        out += entry


def s16(v):
    v &= 0xFFFF
    return v - 0x10000 if v >= 0x8000 else v


def xli(raw):
    leads, off = [], 0
    while off < len(raw):
        size = int.from_bytes(raw[off:off + 4], 'little', signed=True)
        start = int.from_bytes(raw[off + 6:off + 8], 'little', signed=True)
        chunk = lzw10(raw[off + 8:off + 8 + size])
        off += 8 + size
        if len(chunk) % 2:
            chunk += b'\0'
        n = len(chunk) // 2
        d = [s16((chunk[i] << 8) | chunk[n + i]) for i in range(n)]
        x = list(d)
        last = start
        for i in range(2, n):
            x[i] = s16(2 * x[i - 1] - x[i - 2] - last)
            last = d[i] - 64
        leads.append(x)
    return leads


def repbeats(root):
    rb = find(root, 'waveforms/repbeats')
    if rb is None:
        return None
    out = {'samplingRateHz': num(rb.get('samplespersec')), 'resolutionUv': num(rb.get('resolution')), 'leads': []}
    for beat in rb.findall(NS + 'repbeat'):
        raw = base64.b64decode(''.join(beat.find(NS + 'waveform').text.split()))
        v = [s16(raw[2 * k] | (raw[2 * k + 1] << 8)) for k in range(len(raw) // 2)]
        valid = [x for x in v if x != 32767]  # 32767 fills the unused tail of the buffer
        out['leads'].append({'lead': beat.get('leadname'), 'validCount': len(valid), 'sumDigital': sum(valid)})
    return out


def main(path, out_path):
    root = ET.parse(path).getroot()
    sig = find(root, 'dataacquisition/signalcharacteristics')
    wf = find(root, 'waveforms/parsedwaveforms')
    rate = num(wf.get('samplespersecond')) or num(text(sig, 'samplingrate'))
    res = num(wf.get('resolution')) or num(text(sig, 'signalresolution')) or num(text(sig, 'resolution'))
    labels = (wf.get('leadlabels') or 'I II III aVR aVL aVF V1 V2 V3 V4 V5 V6').split()
    duration = num(wf.get('durationperchannel'))
    leads = xli(base64.b64decode(''.join(wf.text.split())))
    i, ii, iii, avr, avl, avf = leads[:6]
    for k in range(min(map(len, leads[:6]))):
        iii[k] = s16(ii[k] - i[k] - iii[k])
        avr[k] = s16(-avr[k] - (i[k] + ii[k]) // 2)
        avl[k] = s16((i[k] - iii[k]) // 2 - avl[k])
        avf[k] = s16((ii[k] + iii[k]) // 2 - avf[k])
    n = duration * rate // 1000
    interp = find(root, 'interpretations/interpretation')
    sources = [find(interp, 'globalmeasurements'), find(interp, 'interpretationmeasurements'),
               find(root, 'measurements/globalmeasurements'), find(root, 'internalmeasurements/crossleadmeasurements')]

    def first(*names):
        for src in sources:
            for name in names:
                v = num(text(src, name)) if src is not None else None
                if v is not None:
                    return v
        return None

    golden = {
        'source': path.split('/')[-1],
        'documentVersion': text(root, 'documentinfo/documentversion'),
        'samplingRateHz': rate,
        'resolutionUv': res,
        'durationMs': duration,
        'samplesPerLead': n,
        'leads': labels,
        'compression': wf.get('compression') or wf.get('compressmethod'),
        'acquisition': {'date': find(root, 'dataacquisition').get('date'), 'time': find(root, 'dataacquisition').get('time'),
                        'machine': text(root, 'dataacquisition/machine')},
        'deviceMeasurements': {
            'prMs': first('print', 'meanprint'), 'qrsMs': first('qrsdur', 'meanqrsdur'), 'qtMs': first('qtint', 'meanqtint'),
            'qtcMs': first('qtcb', 'meanqtc'), 'pAxisDeg': first('pfrontaxis'), 'qrsAxisDeg': first('qrsfrontaxis'),
            'tAxisDeg': first('tfrontaxis'), 'ventricularRateBpm': first('heartrate', 'meanventrate'),
        },
        'statementCount': len(interp.findall(NS + 'statement')),
        'xliChunkCount': len(leads),
        'repbeats': repbeats(root),
        'waveforms': [{'lead': labels[j], 'storedCount': len(x), 'sumDigital': sum(x[:n]),
                       'strided': {'stride': 101, 'digital': x[:n:101]}} for j, x in enumerate(leads[:len(labels)])],
    }
    with open(out_path, 'w') as f:
        json.dump(golden, f, separators=(',', ':'))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

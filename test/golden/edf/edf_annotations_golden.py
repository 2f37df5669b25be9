"""Independent EDF+ TAL decoder (plain Python, no ECG Studio code) producing golden annotation summaries.

Usage: python3 edf_annotations_golden.py <file.edf> > <name>.json
"""
import collections
import json
import sys


def main(path):
    b = open(path, 'rb').read()
    ns = int(b[252:256])
    hdr = 256 * (ns + 1)
    n_rec = int(b[236:244])
    sig = b[256:hdr]
    labels = [sig[i * 16:(i + 1) * 16].decode('latin1').strip() for i in range(ns)]
    off = 216 * ns  # label 16 + transducer 80 + dim 8 + 4 x 8 (ranges) + prefilter 80 = 216 bytes per signal
    spr = [int(sig[off + i * 8: off + (i + 1) * 8]) for i in range(ns)]
    rec_bytes = 2 * sum(spr)
    anns = []
    starts = []
    for r in range(n_rec):
        base = hdr + r * rec_bytes
        first = True
        for i in range(ns):
            start = base + 2 * sum(spr[:i])
            if labels[i] != 'EDF Annotations':
                continue
            chunk = b[start:start + 2 * spr[i]]
            for tal in chunk.split(b'\x00'):
                if not tal:
                    continue
                fields = tal.split(b'\x14')
                head = fields[0].split(b'\x15')
                onset = float(head[0])
                dur = float(head[1]) if len(head) > 1 and head[1] else None
                texts = [t.decode('utf-8') for t in fields[1:] if t]
                if first:
                    starts.append(onset)
                    first = False
                for t in texts:
                    anns.append({'onsetSec': onset, 'durationSec': dur, 'text': t})
    counts = collections.Counter(a['text'] for a in anns)
    json.dump({
        'file': path.split('/')[-1],
        'dataRecords': n_rec,
        'recordStartsSec': starts,
        'count': len(anns),
        'first': anns[:5],
        'last': anns[-5:],
        'textCounts': dict(sorted(counts.items())),
    }, sys.stdout, indent=1)
    sys.stdout.write('\n')


main(sys.argv[1])

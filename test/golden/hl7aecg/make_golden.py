#!/usr/bin/env python3
"""Independent reference for the HL7 aECG reader: decode Example_aECG.xml with the Python standard library.

Physical value = digit * scale + origin (HL7 aECG R1, SLIST_PQ), in the unit of scale (uV here).
Writes per-lead sample statistics and a strided sample excerpt for the rhythm and representative-beat series.
"""
import json
import sys
import xml.etree.ElementTree as ET

NS = {'h': 'urn:hl7-org:v3'}
XSI_TYPE = '{http://www.w3.org/2001/XMLSchema-instance}type'


def decode_series(series):
    out = {'leads': []}
    for seq in series.findall('h:component/h:sequenceSet/h:component/h:sequence', NS):
        code = seq.find('h:code', NS).get('code')
        value = seq.find('h:value', NS)
        vtype = value.get(XSI_TYPE)
        if vtype in ('GLIST_TS', 'GLIST_PQ'):
            inc = value.find('h:increment', NS)
            sec = float(inc.get('value')) * {'s': 1.0, 'ms': 1e-3}[inc.get('unit')]
            out['samplingRateHz'] = round(1.0 / sec, 6)
            continue
        scale = float(value.find('h:scale', NS).get('value'))
        origin = float(value.find('h:origin', NS).get('value'))
        unit = value.find('h:scale', NS).get('unit')
        digits = [int(t) for t in value.find('h:digits', NS).text.split()]
        uv = [d * scale + origin for d in digits]
        out['leads'].append({
            'code': code,
            'unit': unit,
            'count': len(uv),
            'sumUv': round(sum(uv), 3),
            'minUv': min(uv),
            'maxUv': max(uv),
            # every 97th sample (prime stride) to pin values across the whole record
            'strided': {'stride': 97, 'valuesUv': uv[::97]},
        })
    return out


def main(path, out_path):
    root = ET.parse(path).getroot()
    series = root.find('h:component/h:series', NS)
    rhythm = decode_series(series)
    beat = decode_series(series.find('h:derivation/h:derivedSeries', NS))
    golden = {
        'source': 'shared/data/hl7-aecg/Example_aECG.xml',
        'seriesCode': series.find('h:code', NS).get('code'),
        'rhythm': rhythm,
        'representativeBeat': beat,
    }
    with open(out_path, 'w') as f:
        json.dump(golden, f, indent=1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

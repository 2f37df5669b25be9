#!/usr/bin/env python3
"""Golden values for the GE MUSE XML reader, made with the Python standard library only (xml, base64, struct, zlib).

Usage: /usr/bin/python3 test/golden/gemuse/make_golden.py ../shared/data/ge-muse-xml/braveheart_example1.xml \
           > test/golden/gemuse/braveheart_example1.golden.json
Each <LeadData> is base64 little-endian int16; µV = (raw + FirstSampleBaseline) * LeadAmplitudeUnitsPerBit.
The vendor's own LeadDataCRC32 is checked against zlib.crc32 of the decoded bytes. Derived limb leads:
III = II - I, aVR = -(I + II)/2, aVL = I - II/2, aVF = II - I/2.
"""
import base64
import json
import statistics
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

N_EDGE = 20


def stats(values):
    return {
        "firstUv": values[:N_EDGE], "lastUv": values[-N_EDGE:],
        "minUv": min(values), "maxUv": max(values),
        "meanUv": statistics.fmean(values), "stdUv": statistics.pstdev(values),
    }


def main(path):
    root = ET.parse(path).getroot()
    waveforms = []
    for wf in root.findall("Waveform"):
        rate = float(wf.findtext("SampleBase")) * 10 ** float(wf.findtext("SampleExponent") or 0)
        leads, uv_by_id = [], {}
        for ld in wf.findall("LeadData"):
            data = base64.b64decode(ld.findtext("WaveFormData"), validate=False)
            n = len(data) // 2
            raw = list(struct.unpack("<%dh" % n, data))
            upb = float(ld.findtext("LeadAmplitudeUnitsPerBit"))
            base = float(ld.findtext("FirstSampleBaseline") or 0)
            uv = [(r + base) * upb for r in raw]
            lead_id = ld.findtext("LeadID")
            uv_by_id[lead_id] = uv
            leads.append({
                "id": lead_id, "sampleCount": int(ld.findtext("LeadSampleCountTotal")), "byteCount": len(data),
                "unitsPerBit": upb, "units": ld.findtext("LeadAmplitudeUnits"),
                "crc32Vendor": int(ld.findtext("LeadDataCRC32")), "crc32Computed": zlib.crc32(data),
                "firstDigital": raw[:N_EDGE], "lastDigital": raw[-N_EDGE:], "digitalSum": sum(raw),
                **stats(uv),
            })
        i, ii = uv_by_id["I"], uv_by_id["II"]
        derived = {
            "III": [b - a for a, b in zip(i, ii)],
            "aVR": [-(a + b) / 2 for a, b in zip(i, ii)],
            "aVL": [a - b / 2 for a, b in zip(i, ii)],
            "aVF": [b - a / 2 for a, b in zip(i, ii)],
        }
        waveforms.append({
            "type": wf.findtext("WaveformType"), "samplingRateHz": rate,
            "highPassFilter": wf.findtext("HighPassFilter"), "lowPassFilter": wf.findtext("LowPassFilter"),
            "acFilter": wf.findtext("ACFilter"),
            "leads": leads, "derived": {k: stats(v) for k, v in derived.items()},
        })
    meas = root.find("RestingECGMeasurements")
    qrs = [{"number": int(q.findtext("Number")), "type": int(q.findtext("Type")), "timeMs": int(q.findtext("Time"))}
           for q in root.iter("QRS")]
    out = {
        "tool": "python %d.%d stdlib (xml.etree, base64, struct, zlib)" % sys.version_info[:2],
        "file": path.split("/")[-1],
        "museVersion": root.findtext("MuseInfo/MuseVersion"),
        "measurements": {c.tag: c.text for c in meas} if meas is not None else {},
        "qrs": qrs,
        "waveforms": waveforms,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

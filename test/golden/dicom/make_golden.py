#!/usr/bin/env python3
"""Golden values for the DICOM ECG reader, made with pydicom (independent of ECG Studio).

Usage: /usr/bin/python3 test/golden/dicom/make_golden.py ../shared/data/dicom-ecg/waveform_ecg.dcm \
           > test/golden/dicom/waveform_ecg.golden.json
Physical values follow PS3.3 C.10.9: value = raw * ChannelSensitivity * CorrectionFactor + ChannelBaseline,
in the unit of ChannelSensitivityUnitsSequence; they are cross-checked against pydicom's ds.waveform_array(i).
"""
import json
import sys

import numpy as np
import pydicom
from pydicom.waveforms.numpy_handler import multiplex_array

N_EDGE = 20


def code(item):
    return {"value": str(item.CodeValue), "scheme": str(item.CodingSchemeDesignator), "meaning": str(item.CodeMeaning)}


def main(path):
    ds = pydicom.dcmread(path)
    groups = []
    for gi, mg in enumerate(ds.WaveformSequence):
        raw = multiplex_array(ds, gi, as_raw=True)
        n_samples, n_channels = int(mg.NumberOfWaveformSamples), int(mg.NumberOfWaveformChannels)
        dtype = {("SS", 16): "<i2", ("US", 16): "<u2", ("SB", 8): "i1", ("UB", 8): "u1"}[
            (mg.WaveformSampleInterpretation, int(mg.WaveformBitsAllocated))]
        manual = np.frombuffer(mg.WaveformData, dtype=dtype)[: n_samples * n_channels].reshape(n_samples, n_channels)
        assert np.array_equal(raw, manual), "pydicom raw array differs from manual decoding"
        pyd_phys = ds.waveform_array(gi)  # physical values
        channels = []
        for ci, ch in enumerate(mg.ChannelDefinitionSequence):
            sens = float(ch.get("ChannelSensitivity", 1.0))
            corr = float(ch.get("ChannelSensitivityCorrectionFactor", 1.0))
            base = float(ch.get("ChannelBaseline", 0.0))
            unit = str(ch.ChannelSensitivityUnitsSequence[0].CodeValue)
            phys = manual[:, ci].astype(np.float64) * sens * corr + base
            if base == 0:
                # pydicom <= 2.3 adds the baseline before scaling; identical when the baseline is 0
                assert np.allclose(pyd_phys[:, ci], phys), "pydicom physical values differ"
            to_uv = {"uV": 1.0, "mV": 1000.0}[unit]
            uv = phys * to_uv
            channels.append({
                "source": code(ch.ChannelSourceSequence[0]),
                "sensitivity": sens, "correction": corr, "baseline": base, "unit": unit,
                "filterLowHz": float(ch["FilterLowFrequency"].value) if "FilterLowFrequency" in ch else None,
                "filterHighHz": float(ch["FilterHighFrequency"].value) if "FilterHighFrequency" in ch else None,
                "firstDigital": manual[:N_EDGE, ci].astype(int).tolist(),
                "lastDigital": manual[-N_EDGE:, ci].astype(int).tolist(),
                "firstUv": uv[:N_EDGE].tolist(), "lastUv": uv[-N_EDGE:].tolist(),
                "digitalSum": int(manual[:, ci].astype(np.int64).sum()),
                "minUv": float(uv.min()), "maxUv": float(uv.max()),
                "meanUv": float(uv.mean()), "stdUv": float(uv.std()),
            })
        groups.append({
            "label": str(mg.get("MultiplexGroupLabel", "")), "samplingRateHz": float(mg.SamplingFrequency),
            "samples": n_samples, "channels": channels,
        })
    measurements, texts, points = [], [], 0
    for item in ds.get("WaveformAnnotationSequence", []):
        if "UnformattedTextValue" in item:
            texts.append(str(item.UnformattedTextValue))
        elif "NumericValue" in item:
            measurements.append({"name": str(item.ConceptNameCodeSequence[0].CodeMeaning), "value": float(item.NumericValue)})
        elif "ReferencedSamplePositions" in item:
            pos = item.ReferencedSamplePositions
            points += len(pos) if isinstance(pos, (list, pydicom.multival.MultiValue)) else 1
    out = {
        "tool": f"pydicom {pydicom.__version__}, numpy {np.__version__}",
        "file": path.split("/")[-1],
        "sopClassUid": str(ds.SOPClassUID),
        "transferSyntaxUid": str(ds.file_meta.TransferSyntaxUID),
        "patient": {"name": str(ds.PatientName), "id": str(ds.PatientID), "birthDate": str(ds.PatientBirthDate),
                    "sex": str(ds.PatientSex), "age": str(ds.get("PatientAge", ""))},
        "acquisitionDateTime": str(ds.get("AcquisitionDateTime", "")),
        "manufacturer": str(ds.get("Manufacturer", "")), "model": str(ds.get("ManufacturerModelName", "")),
        "groups": groups,
        "annotationTexts": texts, "annotationMeasurements": measurements, "annotationPointCount": points,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

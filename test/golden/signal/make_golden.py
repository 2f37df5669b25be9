#!/usr/bin/env python3
"""Golden values for src/signal filters and resampling, computed with scipy (see README.md for the command)."""
import json
import numpy as np
import scipy
from scipy import signal


def test_signal(n, fs):
    """Deterministic ECG-like test signal: slow wander + 10 Hz + 60 Hz + 120 Hz tones + a spike train."""
    t = np.arange(n) / fs
    x = 0.3 * np.sin(2 * np.pi * 0.3 * t) + np.sin(2 * np.pi * 10 * t) + 0.2 * np.sin(2 * np.pi * 60 * t)
    x += 0.05 * np.sin(2 * np.pi * 120 * t + 0.5) + 0.1
    x[(np.arange(n) % int(fs)) == int(fs) // 3] += 2.0
    return x


FREQS = [0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 40.0, 49.0, 50.0, 51.0, 60.0, 100.0, 150.0, 200.0]

designs = [
    dict(name='hp_0.05_o2_500', order=2, cutoff=0.05, btype='highpass', fs=500.0),
    dict(name='hp_0.5_o2_500', order=2, cutoff=0.5, btype='highpass', fs=500.0),
    dict(name='hp_0.5_o5_360', order=5, cutoff=0.5, btype='highpass', fs=360.0),
    dict(name='lp_40_o4_500', order=4, cutoff=40.0, btype='lowpass', fs=500.0),
    dict(name='lp_100_o3_500', order=3, cutoff=100.0, btype='lowpass', fs=500.0),
    dict(name='lp_150_o2_500', order=2, cutoff=150.0, btype='lowpass', fs=500.0),
    dict(name='bp_0.5_40_o2_360', order=2, cutoff=[0.5, 40.0], btype='bandpass', fs=360.0),
    dict(name='bp_5_15_o3_360', order=3, cutoff=[5.0, 15.0], btype='bandpass', fs=360.0),
    dict(name='bs_45_55_o2_500', order=2, cutoff=[45.0, 55.0], btype='bandstop', fs=500.0),
]

x500 = test_signal(300, 500.0)
x360 = test_signal(250, 360.0)
out = {'scipy': scipy.__version__, 'frequenciesHz': FREQS, 'butter': [], 'notch': [], 'resample': []}
for d in designs:
    sos = signal.butter(d['order'], d['cutoff'], btype=d['btype'], output='sos', fs=d['fs'])
    _, h = signal.sosfreqz(sos, worN=FREQS, fs=d['fs'])
    x = x500 if d['fs'] == 500.0 else x360
    y = signal.sosfiltfilt(sos, x)
    out['butter'].append({**d, 'sos': sos.tolist(), 'magnitude': np.abs(h).tolist(), 'filtfilt': y.tolist()})
for f0, q, fs in [(50.0, 30.0, 500.0), (60.0, 30.0, 360.0), (60.0, 10.0, 500.0)]:
    b, a = signal.iirnotch(f0, q, fs=fs)
    sos = np.concatenate([b, a])[None, :]
    _, h = signal.sosfreqz(sos, worN=FREQS, fs=fs)
    x = x500 if fs == 500.0 else x360
    out['notch'].append({'notchHz': f0, 'q': q, 'fs': fs, 'sos': sos.tolist(), 'magnitude': np.abs(h).tolist(),
                         'filtfilt': signal.sosfiltfilt(sos, x).tolist()})
# Signal starting at the point itself (the test rebuilds it with the same formula).
for fs_in, fs_out in [(360, 100), (500, 100), (1000, 250), (100, 500), (360, 250)]:
    g = np.gcd(fs_in, fs_out)
    up, down = fs_out // g, fs_in // g
    x = test_signal(fs_in // 2 + 7, float(fs_in))
    out['resample'].append({'fromHz': fs_in, 'toHz': fs_out, 'up': int(up), 'down': int(down), 'n': len(x),
                            'y': signal.resample_poly(x, up, down).tolist()})



def rounded(v):
    """10 significant digits keep the file small and are far below the test tolerances."""
    if isinstance(v, float):
        return float('%.10g' % v)
    if isinstance(v, list):
        return [rounded(e) for e in v]
    if isinstance(v, dict):
        return {k: rounded(e) for k, e in v.items()}
    return v


with open(__file__.replace('make_golden.py', 'filters_resample.json'), 'w') as f:
    json.dump(rounded(out), f, separators=(',', ':'))

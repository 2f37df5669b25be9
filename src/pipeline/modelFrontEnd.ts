// The model's fixed front end: a zero-phase band-pass applied to each input window before the network sees it.
import { ecgFilter } from '../signal/ecgFilter';

export interface PreFilter {
  highPassHz?: number | undefined;
  lowPassHz?: number | undefined;
}

/**
 * Band-passes every lead of `count` time-major windows [count × length × leads] (a copy; the input is kept, since
 * callers need the raw window to form the noise estimate raw − recovered). Leads that are all zero (absent) stay zero.
 */
export function applyFrontEnd(windows: Float32Array, count: number, leads: number, samplingRateHz: number, preFilter: PreFilter | undefined): Float32Array {
  if (!preFilter || (preFilter.highPassHz === undefined && preFilter.lowPassHz === undefined)) return windows;
  const out = new Float32Array(windows.length);
  const length = windows.length / count / leads;
  const lead = new Float32Array(length);
  const options = {
    highPassHz: preFilter.highPassHz ?? null,
    lowPassHz: preFilter.lowPassHz === undefined ? null : Math.min(preFilter.lowPassHz, 0.45 * samplingRateHz),
    notchHz: null,
  };
  for (let w = 0; w < count; w++) {
    for (let c = 0; c < leads; c++) {
      let any = false;
      for (let t = 0; t < length; t++) {
        const v = windows[(w * length + t) * leads + c] as number;
        lead[t] = v;
        if (v !== 0) any = true;
      }
      if (!any) continue;
      const f = ecgFilter(lead, samplingRateHz, options);
      for (let t = 0; t < length; t++) out[(w * length + t) * leads + c] = f[t] as number;
    }
  }
  return out;
}

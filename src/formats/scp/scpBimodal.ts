// Undoing SCP-ECG bimodal compression: decimated samples outside protected (QRS) zones → full rate.

/** A protected zone in 1-based absolute sample numbers, inclusive (section 4, EN 1064 §5.8). */
export interface ProtectedZone {
  start: number;
  end: number;
}

function inZone(sample: number, zones: readonly ProtectedZone[]): ProtectedZone | undefined {
  return zones.find((z) => sample >= z.start && sample <= z.end);
}

/**
 * Number of stored values for a bimodally compressed lead spanning samples `leadStart..leadEnd`
 * (1-based): one per sample inside protected zones, one per block of `rate` samples outside them.
 */
export function bimodalStoredCount(leadStart: number, leadEnd: number, zones: readonly ProtectedZone[], rate: number): number {
  let count = 0;
  for (let t = leadStart; t <= leadEnd; ) {
    const zone = inZone(t, zones);
    if (zone) {
      const stop = Math.min(zone.end, leadEnd);
      count += stop - t + 1;
      t = stop + 1;
    } else {
      t += blockLength(t, leadEnd, zones, rate);
      count++;
    }
  }
  return count;
}

function blockLength(t: number, leadEnd: number, zones: readonly ProtectedZone[], rate: number): number {
  let len = 1;
  while (len < rate && t + len <= leadEnd && !inZone(t + len, zones)) len++;
  return len;
}

/**
 * Rebuilds a full-rate lead from bimodal data (EN 1064 §5.7.2 / annex: samples outside protected zones
 * were averaged over blocks of `rate`). Each block average is placed at the block's centre and the lead
 * is rebuilt by linear interpolation between those centres and the protected full-rate samples.
 */
export function undoBimodal(
  stored: ArrayLike<number>,
  leadStart: number,
  leadEnd: number,
  zones: readonly ProtectedZone[],
  rate: number,
): Float64Array {
  const n = leadEnd - leadStart + 1;
  const out = new Float64Array(n);
  const anchorPos: number[] = [];
  const anchorVal: number[] = [];
  let k = 0;
  for (let t = leadStart; t <= leadEnd && k < stored.length; ) {
    const zone = inZone(t, zones);
    if (zone) {
      anchorPos.push(t - leadStart);
      anchorVal.push(stored[k++] as number);
      t++;
    } else {
      const len = blockLength(t, leadEnd, zones, rate);
      anchorPos.push(t - leadStart + (len - 1) / 2);
      anchorVal.push(stored[k++] as number);
      t += len;
    }
  }
  if (anchorPos.length === 0) return out.fill(NaN);
  let a = 0;
  for (let i = 0; i < n; i++) {
    while (a + 1 < anchorPos.length && (anchorPos[a + 1] as number) <= i) a++;
    const p0 = anchorPos[a] as number;
    const v0 = anchorVal[a] as number;
    if (i <= p0 || a + 1 >= anchorPos.length) {
      out[i] = v0;
      continue;
    }
    const p1 = anchorPos[a + 1] as number;
    const v1 = anchorVal[a + 1] as number;
    out[i] = v0 + ((v1 - v0) * (i - p0)) / (p1 - p0);
  }
  return out;
}

// Waveform-recovery metrics: SNR improvement (dB), RMSE (µV), PRD (%), cosine similarity.

function sumSq(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) ** 2;
  return s;
}

function sumSqDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return s;
}

/** SNR of an estimate against the clean signal: 10·log10(Σ clean² / Σ (estimate − clean)²), in dB. */
export function snrDb(clean: ArrayLike<number>, estimate: ArrayLike<number>): number {
  return 10 * Math.log10(sumSq(clean) / sumSqDiff(estimate, clean));
}

/**
 * SNR improvement SNR_out − SNR_in in dB, the usual ECG-denoising figure of merit (e.g. Chiang et al. 2019,
 * "Noise Reduction in ECG Signals Using Fully Convolutional Denoising Autoencoders").
 */
export function snrImprovementDb(clean: ArrayLike<number>, noisy: ArrayLike<number>, denoised: ArrayLike<number>): number {
  return snrDb(clean, denoised) - snrDb(clean, noisy);
}

/** Root-mean-square error, converted to microvolts by `microvoltsPerUnit` (1000 for signals in mV). */
export function rmseUv(reference: ArrayLike<number>, estimate: ArrayLike<number>, microvoltsPerUnit: number): number {
  return Math.sqrt(sumSqDiff(reference, estimate) / reference.length) * microvoltsPerUnit;
}

/** Percentage root-mean-square difference PRD = 100·√(Σ(x − x̂)² / Σ x²) (no mean removal). */
export function prdPercent(reference: ArrayLike<number>, estimate: ArrayLike<number>): number {
  return 100 * Math.sqrt(sumSqDiff(reference, estimate) / sumSq(reference));
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot / Math.sqrt(sumSq(a) * sumSq(b));
}

/** Running means of per-record recovery metrics (records streamed one at a time, memory constant). */
export class RecoveryMetricsAccumulator {
  private n = 0;
  private sums = { snrImprovementDb: 0, snrOutDb: 0, rmseUv: 0, prdPercent: 0, cosine: 0 };
  constructor(private readonly microvoltsPerUnit: number) {}

  addRecord(clean: ArrayLike<number>, noisy: ArrayLike<number>, denoised: ArrayLike<number>): void {
    this.n++;
    this.sums.snrImprovementDb += snrImprovementDb(clean, noisy, denoised);
    this.sums.snrOutDb += snrDb(clean, denoised);
    this.sums.rmseUv += rmseUv(clean, denoised, this.microvoltsPerUnit);
    this.sums.prdPercent += prdPercent(clean, denoised);
    this.sums.cosine += cosineSimilarity(clean, denoised);
  }

  /** Means over records; NaN before any record. */
  result(): { records: number; snrImprovementDb: number; snrOutDb: number; rmseUv: number; prdPercent: number; cosine: number } {
    const m = (v: number) => (this.n ? v / this.n : NaN);
    return {
      records: this.n,
      snrImprovementDb: m(this.sums.snrImprovementDb),
      snrOutDb: m(this.sums.snrOutDb),
      rmseUv: m(this.sums.rmseUv),
      prdPercent: m(this.sums.prdPercent),
      cosine: m(this.sums.cosine),
    };
  }
}

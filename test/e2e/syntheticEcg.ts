// Test records from the project's simulator (ecgSimulate, ECGSYN + Dower), with wander and mains hum to denoise.
import type { EcgRecord } from '../../src/shared/ecgRecord';
import { ecgSimulate } from '../../src/signal/ecgSimulate';

export function syntheticTwelveLead(args: { durationSec: number; samplingRateHz: number; heartRateBpm?: number; name?: string; clean?: boolean }): EcgRecord {
  const record = ecgSimulate({
    samplingRateHz: args.samplingRateHz,
    durationSec: args.durationSec,
    heartRateBpm: args.heartRateBpm ?? 72,
    hrStdBpm: 0.5,
    seed: 7,
    ...(args.clean ? {} : { noise: { baselineWanderMv: 0.15, powerlineMv: 0.02, whiteNoiseMv: 0.01 } }),
  });
  record.name = args.name ?? 'synthetic-12-lead';
  record.patient = { sex: 'F', ageYears: 54 };
  return record;
}

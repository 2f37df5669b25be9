// The text of a model package's MODEL.md (model card) from its manifest and test metrics.
import type { ClassificationEvaluation, RecoveryRow } from './trainModel';

export interface CardManifest {
  name: string;
  version: string;
  created: string;
  description?: string;
  labels: { code: string; description: string }[];
  input: {
    samplingRateHz: number;
    leads: string[];
    lengthSamples: number;
    units: string;
    normalisation: { method: string };
    preFilter?: { highPassHz?: number | undefined; lowPassHz?: number | undefined } | undefined;
  };
  architecture: Record<string, unknown>;
  training: Record<string, unknown>;
  metrics: { classification: ClassificationEvaluation; recovery: RecoveryRow[]; trainMinutes: number; recoveryJointStage?: RecoveryRow[] };
  backend: string;
  tfjsVersion: string;
}

const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** One known-limit line on recovery: the cells where the model does not beat the better band-pass, and SNR gains below 10 dB at 0 dB. */
function recoveryLimits(rows: RecoveryRow[]): string {
  const cells = [...new Set(rows.map((r) => `${r.noiseType}@${r.inputSnrDb}`))];
  const behind: string[] = [];
  const weak: string[] = [];
  for (const cell of cells) {
    const inCell = rows.filter((r) => `${r.noiseType}@${r.inputSnrDb}` === cell);
    const model = inCell.find((r) => r.method === 'model');
    if (!model) continue;
    const best = Math.max(...inCell.filter((r) => r.method !== 'model').map((r) => r.snrImprovementDb));
    if (model.snrImprovementDb <= best) behind.push(`${model.noiseType} at ${model.inputSnrDb} dB (${f(model.snrImprovementDb, 2)} vs ${f(best, 2)} dB)`);
    if (model.inputSnrDb === 0 && model.snrImprovementDb < 10) weak.push(`${model.noiseType} ${f(model.snrImprovementDb, 2)} dB`);
  }
  const parts = [
    behind.length
      ? `- The model does not beat the better band-pass for ${behind.join('; ')}.`
      : '- The model beats both band-passes in every noise type and input SNR of the table above.',
  ];
  if (weak.length) {
    const ma = weak.some((w) => w.startsWith('ma '));
    parts.push(
      `- SNR improvement at 0 dB input below 10 dB: ${weak.join(', ')}.${ma ? ' Muscle artifact shares the QRS band; at 100 Hz all of its power lies in\n  the band the ECG itself occupies.' : ''}`,
    );
  }
  return parts.join('\n');
}

/** What the recovery-head refinement changed: the joint stage's head against the shipped one, on the same windows. */
function jointStageTable(recovery: RecoveryRow[], joint: RecoveryRow[] | undefined): string {
  if (!joint?.length) return '';
  const rows = joint
    .map((j) => {
      const after = recovery.find((r) => r.method === 'model' && r.noiseType === j.noiseType && r.inputSnrDb === j.inputSnrDb);
      return `| ${j.noiseType} | ${j.inputSnrDb} | ${f(j.snrImprovementDb, 2)} | ${after ? f(after.snrImprovementDb, 2) : '—'} |`;
    })
    .join('\n');
  return `### What the recovery-head refinement changed
SNR improvement (dB) of the recovery head as joint training left it, and after the refinement (the shipped head), on
the same test windows. The classifier is identical in both.

| noise | input SNR (dB) | joint stage | after the refinement |
|---|---|---|---|
${rows}

`;
}

export function modelCardMarkdown(m: CardManifest, run: { backend: string; trainMinutes: number; dataDir: string; reproduce: string }): string {
  const c = m.metrics.classification;
  const t = m.training as { trainRecords: number; valRecords: number; testRecords: number; epochsRun: number; bestEpoch?: number; stoppedBy: string; config: Record<string, unknown>; noise: unknown; history?: { validation?: { snrImprovementDb: number } }[]; batchSize: number; finalTaskWeights: number[];
    refine?: { settings: { epochs: number; learningRate: number; patience: number; recoveryLoss?: string }; epochsRun: number; stoppedBy: string; bestEpoch?: number; history: { validation?: { snrImprovementDb: number } }[] } };
  const r2 = t.refine;
  const refineLine = r2
    ? `- Then the recovery-head refinement: the decoder alone trained on the recovery loss \`${r2.settings.recoveryLoss ?? 'mse'}\`${r2.settings.recoveryLoss === 'log-mse' ? ' (mean over windows of 10·log10 window MSE, i.e. −SNR_out per window)' : ''} (encoder, classifier and their
  batch-norm statistics frozen, so every class output is unchanged) at learning rate ${r2.settings.learningRate} for ${r2.epochsRun} epochs
  (${r2.stoppedBy}; early stopping on the validation SNR improvement, the jointly trained head counting as a candidate).
  ${
    r2.bestEpoch === undefined || r2.bestEpoch < 0
      ? 'No refinement epoch beat the jointly trained head, so it was kept unchanged.'
      : `Best refinement epoch ${r2.bestEpoch + 1} of at most ${r2.settings.epochs}: validation SNR improvement on fold 9's mixed-noise windows ${f(t.history?.[t.bestEpoch ?? 0]?.validation?.snrImprovementDb ?? NaN, 2)} → ${f(r2.history[r2.bestEpoch]?.validation?.snrImprovementDb ?? NaN, 2)} dB.`
  }
`
    : '';
  const classRows = m.labels
    .map((l, i) => {
      const p = c.perClass[i];
      const ci = c.perClassAucCi95[i] ?? [NaN, NaN];
      return p ? `| ${l.code} | ${l.description} | ${f(p.auc)} [${f(ci[0])}, ${f(ci[1])}] | ${f(p.threshold, 2)} | ${f(p.f1)} | ${f(p.sensitivity)} | ${f(p.specificity)} |` : '';
    })
    .join('\n');
  const recRows = m.metrics.recovery
    .map((r) => `| ${r.noiseType} | ${r.inputSnrDb} | ${r.method} | ${f(r.snrImprovementDb, 2)} | ${f(r.rmseUv, 1)} | ${f(r.prdPercent, 1)} | ${f(r.cosine)} |`)
    .join('\n');
  const text = `# ${m.name} ${m.version} — model card

${m.description ?? ''}

**Intended use.** Advisory support for reviewing resting 12-lead ECGs in ECG Studio: a denoised trace to read beside
the original, and probabilities for five diagnostic superclasses. It is **not a diagnosis** and not a medical device;
a clinician reads the ECG. Not validated for paediatric ECGs, pacemaker rhythms, or ambulatory/Holter recordings.

## Data and licence
- **PTB-XL** (Wagner P, Strodthoff N, Bousseljot R-D, Samek W, Schaeffter T. PTB-XL, a large publicly available
  electrocardiography dataset. *Scientific Data* 7:154, 2020; PhysioNet), licence **CC BY 4.0**. Subset available
  here: ECG ids 1–450 and 501–1999 at 100 Hz (${t.trainRecords + t.valRecords + t.testRecords} records with a
  diagnostic label). Split by PTB-XL's \`strat_fold\` (patient-wise): folds 1–8 train (${t.trainRecords}),
  fold 9 validation (${t.valRecords}), fold 10 test (${t.testRecords}).
- **MIT-BIH Noise Stress Test Database** \`bw\` (baseline wander) and \`ma\` (muscle artifact) (Moody, Muldrow, Mark 1984;
  PhysioNet), licence **ODC-By 1.0**. Each noise channel is split in time: first 60 % for training, next 20 % for
  validation, last 20 % for test, so test noise segments were never seen in training.

## Labels (multi-label, PTB-XL diagnostic superclasses)
${m.labels.map((l) => `- \`${l.code}\`: ${l.description}`).join('\n')}

A record's labels are the superclasses of all its diagnostic SCP statements (any likelihood), as in Strodthoff et al.
2021. Outputs are logits; probability = sigmoid(logit).

## Input
${m.input.leads.length} leads (${m.input.leads.join(', ')}), ${m.input.samplingRateHz} Hz, ${m.input.lengthSamples} samples
(${m.input.lengthSamples / m.input.samplingRateHz} s), in ${m.input.units}, normalisation \`${m.input.normalisation.method}\`.
ECG Studio resamples other rates (polyphase, Kaiser window), derives missing limb leads (Einthoven/Goldberger),
zero-fills and masks absent leads, and takes a centred 10-s window.
${
  m.input.preFilter
    ? `Front end: a zero-phase Butterworth band ${m.input.preFilter.highPassHz ?? 0}–${m.input.preFilter.lowPassHz ?? m.input.samplingRateHz / 2} Hz is applied to every input
window before the network, which learns what that classical filter leaves (its noise head starts at zero, so an
untrained network equals the filter). When ECG Studio denoises a record it subtracts the model's noise estimate
below ${m.input.preFilter.lowPassHz ?? m.input.samplingRateHz / 2} Hz from the original at the record's own rate.
`
    : ''
}
## Architecture and training
- Network: \`${JSON.stringify(m.architecture)}\`
- Training: \`${JSON.stringify(t.config)}\`, batch ${t.batchSize}
- Noise for the recovery task: \`${JSON.stringify(t.noise)}\`. The clean target is the record after a zero-phase
  high-pass at \`cleanHighPassHz\` (a recording's own baseline wander cannot be told from added wander).
- Ran ${t.epochsRun} epochs (${t.stoppedBy}; best epoch ${(t.bestEpoch ?? NaN) + 1}), final task weights
  ${t.finalTaskWeights.map((w) => f(w)).join(' / ')} (recovery / classification), ${f(run.trainMinutes, 1)} min on the
  tfjs \`${run.backend}\` backend (tfjs ${m.tfjsVersion}), one 2-core machine.
${refineLine}- Reproduce: \`${run.reproduce}\` (reads ${run.dataDir}; fixed seed).

## Test metrics (fold 10)
### Classification (records as recorded, no added noise; ${c.records} records)
Macro-AUC **${f(c.macroAuc)}** (95 % bootstrap CI ${f(c.macroAucCi95[0])}–${f(c.macroAucCi95[1])}, 1000 resamples),
macro-F1 ${f(c.macroF1)}. Thresholds tuned for F1 on fold 9.

| class | description | AUC [95 % CI] | threshold | F1 | sensitivity | specificity |
|---|---|---|---|---|---|---|
${classRows}

### Recovery (test records + test-part NSTDB noise at a fixed input SNR)
SNR improvement = SNR(out) − SNR(in) in dB; RMSE in µV; PRD in %; cosine similarity with the clean record. The
zero-phase Butterworth band-passes run on exactly the same noisy inputs.

| noise | input SNR (dB) | method | SNR improvement (dB) | RMSE (µV) | PRD (%) | cosine |
|---|---|---|---|---|---|---|
${recRows}

${jointStageTable(m.metrics.recovery, m.metrics.recoveryJointStage)}## Known limits
${recoveryLimits(m.metrics.recovery)}
- Trained on ${t.trainRecords} records, a small fraction of the 21,799 of the full PTB-XL; published models trained on
  all of it reach macro-AUC ≈ 0.93 on these superclasses. Expect lower performance here, and wide intervals.
- 100 Hz input: content above 50 Hz (notching, fine QRS detail) is not modelled. ECG Studio's denoiser subtracts the
  model's noise estimate from the original signal at the original rate, so QRS detail above 50 Hz is kept.
- Electrode-motion noise (NSTDB \`em\`) was not available for training or testing.
- PTB-XL records come from one centre's devices (Schiller); other vendors' filtering may shift the input distribution.
`;
  return text;
}

// What ECG Studio says about itself: product name, version line, advisory notice and the licences of shipped data.

export const PRODUCT_NAME = 'ECG Studio';

/** Shown wherever model output appears (report footer, About box, exports). */
export const ADVISORY_TEXT = 'Model outputs are advisory, not a diagnosis.';

/** A data set whose derived work (trained weights, noise records) ships with ECG Studio, and its licence. */
export interface DataLicence {
  /** Short name as used in model manifests ('PTB-XL', 'NSTDB'). */
  dataset: string;
  licence: string;
  licenceUrl: string;
  /** The attribution the licence asks for, one sentence. */
  attribution: string;
  /** What ECG Studio uses it for. */
  usedFor: string;
}

/** PTB-XL: the classification model is trained on it (CC BY 4.0 requires this attribution). */
export const PTB_XL_LICENCE: DataLicence = {
  dataset: 'PTB-XL',
  licence: 'CC BY 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  attribution:
    'Wagner P, Strodthoff N, Bousseljot R-D, Kreiseler D, Lunze FI, Samek W, Schaeffter T. PTB-XL, a large publicly available electrocardiography dataset. Sci Data 7:154 (2020); PhysioNet.',
  usedFor: 'training data of the classification model',
};

/** MIT-BIH Noise Stress Test Database: real electrode-motion, muscle and baseline noise mixed into training data. */
export const NSTDB_LICENCE: DataLicence = {
  dataset: 'NSTDB',
  licence: 'ODC-By 1.0',
  licenceUrl: 'https://opendatacommons.org/licenses/by/1-0/',
  attribution:
    'Moody GB, Muldrow WE, Mark RG. A noise stress test for arrhythmia detectors. Computers in Cardiology 11:381-384 (1984); MIT-BIH Noise Stress Test Database, PhysioNet.',
  usedFor: 'noise added to training data of the denoising model',
};

export const SHIPPED_DATA_LICENCES: readonly DataLicence[] = [PTB_XL_LICENCE, NSTDB_LICENCE];

/** One line naming the product and its version; the version is passed in (package.json lives at the edges). */
export function productLine(version: string): string {
  return `${PRODUCT_NAME} ${version}`;
}

/** The short attribution a printed page carries when a model's diagnoses appear on it. */
export function modelDataAttribution(licence: DataLicence = PTB_XL_LICENCE): string {
  return `Model trained on ${licence.dataset} (${licence.licence}): ${licence.attribution}`;
}

/** The About box text: name, version, advisory notice, licences of the shipped model data. */
export function aboutText(version: string): string {
  const lines = [
    productLine(version),
    'Offline ECG review and research workbench.',
    ADVISORY_TEXT,
    '',
    'Data used by the shipped models:',
    ...SHIPPED_DATA_LICENCES.map(
      (l) => `- ${l.dataset} (${l.licence}, ${l.licenceUrl}), ${l.usedFor}. ${l.attribution}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

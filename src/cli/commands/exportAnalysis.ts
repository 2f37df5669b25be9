// `ecg-studio export-analysis <file> --format json|fhir`: measurements, diagnoses and review as JSON or a FHIR R4 Bundle.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../shared/errors';
import { productLine } from '../../shared/about';
import { analysisExport } from '../../pipeline/report/analysisJson';
import { analysisFhirBundle } from '../../pipeline/report/fhirBundle';
import { reportMeasurements } from '../../pipeline/report/reportMeasurements';
import { layoutEcgReport, WINDOW_SEC } from '../../pipeline/report/reportLayout';
import { renderReportPdf } from '../../store/pdfReport';
import { parseCommandArgs, type CliCommand } from '../command';
import { FileError } from '../fileError';
import { VERSION } from '../version';
import { REPORT_INPUT_OPTIONS, reportInputFromCli } from './report';

export const exportAnalysisCommand: CliCommand = {
  name: 'export-analysis',
  summary: 'export measurements, diagnoses and review as JSON or an HL7 FHIR R4 Bundle',
  usage:
    'ecg-studio export-analysis <file> --format json|fhir [--out <x.json>] [--show-phi] [--with-pdf] [--analysis <analysis.json>] [--review-status confirmed|edited --reviewer <name>] [--denoise] [--start <s>]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'show-phi': { type: 'boolean' },
        'with-pdf': { type: 'boolean' },
        ...REPORT_INPUT_OPTIONS,
      },
      this.usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new UsageError(`expected one input file\nusage: ${this.usage}`);
    const format = values.format;
    if (format !== 'json' && format !== 'fhir')
      throw new UsageError(`--format must be json or fhir\nusage: ${this.usage}`);
    if (values['with-pdf'] && format !== 'fhir')
      throw new UsageError('--with-pdf applies to --format fhir only');
    const anonymize = values['show-phi'] !== true;
    const now = new Date();
    const input = await reportInputFromCli(file, values, anonymize, io, now);
    const measurements = reportMeasurements(
      input.measuredRecord ?? input.record,
      input.startSec ?? 0,
      WINDOW_SEC,
    );
    const common = { ...input, measurements, record: input.measuredRecord ?? input.record };
    let out: unknown;
    if (format === 'json') {
      out = analysisExport(common);
    } else {
      let pdfBase64: string | undefined;
      if (values['with-pdf']) {
        const pdf = await renderReportPdf(layoutEcgReport(input, { paper: 'a4', layouts: ['3x4'] }), {
          creationDate: now,
          producer: productLine(VERSION),
        });
        pdfBase64 = Buffer.from(pdf).toString('base64');
      }
      out = analysisFhirBundle({
        ...common,
        newUuid: randomUUID,
        ...(pdfBase64 === undefined ? {} : { pdfBase64 }),
      });
    }
    const text = `${JSON.stringify(out, null, 2)}\n`;
    if (values.out === undefined) {
      io.stdout(text);
      return 0;
    }
    try {
      writeFileSync(resolve(io.cwd, values.out), text);
    } catch (err) {
      throw new FileError(values.out, err);
    }
    io.stdout(
      `wrote ${resolve(io.cwd, values.out)} (${format === 'json' ? 'ECG Studio analysis JSON' : 'FHIR R4 Bundle'})\n`,
    );
    return 0;
  },
};

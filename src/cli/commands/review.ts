// `ecg-studio review <id> --labels A,B`: appends a review (confirmed or edited labels) to a record's audit trail.
import { reviewRecord } from '../../pipeline/reviewRecord';
import { UsageError } from '../../shared/errors';
import { openCliLibrary } from '../openCliLibrary';
import { parseCommandArgs, type CliCommand } from '../command';

export const reviewCommand: CliCommand = {
  name: 'review',
  summary: "record a reviewer's labels for a record (append-only audit trail)",
  usage: 'ecg-studio review <id> [--labels A,B] [--comment TEXT] [--reviewer NAME] [--db <library.db>]  (no --labels: confirm the model)',
  run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { db: { type: 'string' }, labels: { type: 'string' }, comment: { type: 'string' }, reviewer: { type: 'string' } },
      this.usage,
    );
    const idText = positionals[0];
    if (idText === undefined || positionals.length > 1) throw new UsageError(`expected one record id\nusage: ${this.usage}`);
    const recordId = Number(idText.replace(/^#/, ''));
    if (!Number.isInteger(recordId) || recordId <= 0) throw new UsageError(`'${idText}' is not a record id`);
    const reviewer = values.reviewer ?? io.env['USER'] ?? io.env['LOGNAME'];
    if (reviewer === undefined || reviewer.trim() === '') throw new UsageError('give --reviewer NAME (no user name in the environment)');
    const { lib } = openCliLibrary(values.db, io);
    try {
      const outcome = reviewRecord(lib, {
        recordId,
        reviewer,
        ...(values.labels === undefined ? {} : { labels: values.labels.split(',') }),
        ...(values.comment === undefined ? {} : { comment: values.comment }),
      });
      io.stdout(`review #${outcome.reviewId} of record #${recordId}: ${outcome.action} [${outcome.labels.join(',')}] by ${reviewer}\n`);
      return 0;
    } finally {
      lib.close();
    }
  },
};

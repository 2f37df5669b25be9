// Review use case: a reviewer confirms or edits a record's labels; every review is appended, none is changed.
import { UsageError } from '../shared/errors';
import type { LibraryReader, LibraryWriter, ReviewAction } from '../shared/storeContracts';

/** Model labels at or above this probability count as the model's finding. */
export const DEFAULT_LABEL_THRESHOLD = 0.5;

export interface ReviewInput {
  recordId: number;
  reviewer: string;
  /** The reviewer's labels; omitted = confirm what the latest analysis found. */
  labels?: readonly string[];
  comment?: string;
  threshold?: number;
}

export interface ReviewOutcome {
  reviewId: number;
  action: ReviewAction;
  labels: string[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Labels whose probability reaches the threshold, most probable first. */
export function predictedLabels(probabilities: Record<string, number>, threshold = DEFAULT_LABEL_THRESHOLD): string[] {
  return Object.entries(probabilities)
    .filter(([, p]) => p >= threshold)
    .sort((x, y) => y[1] - x[1])
    .map(([label]) => label);
}

/**
 * Appends a review. The labels are compared with what the reviewer was shown: the latest review's labels
 * when the record was reviewed before, else the latest analysis's labels above the threshold. The same set
 * is 'confirmed'; anything else (or no reference at all) is 'edited'.
 */
export function reviewRecord(
  store: Pick<LibraryReader, 'getRecord' | 'latestAnalysis' | 'reviewsOf'> & Pick<LibraryWriter, 'addReview'>,
  input: ReviewInput,
): ReviewOutcome {
  if (store.getRecord(input.recordId) === undefined) throw new UsageError(`no record ${input.recordId} in the library`);
  const analysis = store.latestAnalysis(input.recordId);
  const reviews = store.reviewsOf(input.recordId);
  const lastReview = reviews[reviews.length - 1];
  const predicted = analysis === undefined ? undefined : predictedLabels(analysis.probabilities, input.threshold);
  const reference = lastReview?.labels ?? predicted;
  let labels: string[];
  if (input.labels === undefined) {
    if (reference === undefined) throw new UsageError(`record ${input.recordId} has no analysis or review to confirm; give the labels`);
    labels = [...reference];
  } else {
    labels = [...new Set(input.labels.map((l) => l.trim()).filter((l) => l !== ''))];
  }
  const action: ReviewAction = reference !== undefined && sameSet(labels, reference) ? 'confirmed' : 'edited';
  const reviewId = store.addReview({
    recordId: input.recordId,
    reviewer: input.reviewer,
    action,
    labels,
    ...(input.comment === undefined ? {} : { comment: input.comment }),
    ...(analysis === undefined ? {} : { analysisId: analysis.id }),
  });
  return { reviewId, action, labels };
}

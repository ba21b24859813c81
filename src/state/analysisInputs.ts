/**
 * The one place the page's analysis request is assembled from the store: the loaded dataset, the rule
 * settings, the evaluation date (default: the data's as-of date) and the disposal ledger.
 */
import { analysisRequest, todayIso, type AnalysisRequest } from '../analysis/request';
import type { AppState } from './store';

export type AnalysisInputs = Pick<AppState, 'dataset' | 'rules' | 'evaluationDate' | 'ledger'>;

/** The evaluation date in effect: the user's, else the data's as-of date, else today. */
export const effectiveEvaluationDate = (s: AnalysisInputs): string => s.evaluationDate ?? s.dataset?.info.asOf ?? todayIso();

export function requestOf(s: AnalysisInputs): AnalysisRequest {
  const ledger = s.ledger ?? s.dataset?.ledger ?? undefined;
  return analysisRequest({
    evaluationDate: effectiveEvaluationDate(s),
    ...(s.rules ? { rules: s.rules } : {}),
    ...(ledger ? { ledger } : {}),
    ...(s.dataset ? { dataset: s.dataset.info.identity } : {}),
  });
}

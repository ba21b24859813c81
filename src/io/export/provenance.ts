/**
 * What a file's figures were computed at and on, in the words the Excel 汇总 sheet uses: the people's CSV
 * repeats them on every row (as the CLI's results.csv does with PROVENANCE_COLUMNS), so a file handed on says
 * so itself, and a sheet filtered or sorted keeps it.
 */
import { ruleSetTag } from './analysis-table';
import type { ExportMeta } from './model';

export const ruleSetWords = (meta: ExportMeta): string => `${meta.ruleSet.name}（版本 ${meta.ruleSet.version}）`;

/** The dataset's name, marked （示例数据） when it is the synthetic one. */
export const datasetWords = (meta: ExportMeta): string => (meta.dataset.synthetic ? `${meta.dataset.name}（示例数据）` : meta.dataset.name);

/** Header and value of each provenance column; 规则集标识 is the CLI's tag (`default` or `custom-<hash>`). */
export function provenanceColumns(meta: ExportMeta): [header: string, value: string][] {
  return [
    ['评价日期', meta.evaluationDate],
    ['规则集', ruleSetWords(meta)],
    ['规则集标识', ruleSetTag(meta.ruleSet)],
    ['数据集', datasetWords(meta)],
    ['数据集标识（SHA-256）', meta.dataset.hash],
  ];
}

/**
 * Every rule outcome in RULE_IDS order, said as what the parcel is (是低效企业 / 非低效企业, 可享受 /
 * 不可享受, 数据不足 — domain/outcome-meaning) and coloured by meaning, never 符合 / 不符合; the figures
 * behind each, labelled with units, in its tooltip and in a details line.
 */
import { MEANING_COLOURS, outcomeWords } from '../../domain/outcome-meaning';
import type { Lang, MessageKey, Translate } from '../../i18n';
import type { OutcomeDetail } from '../../worker/protocol';
import { figuresText, missingLabels } from '../ruleText';

function RuleItem({ o, lang, t }: { o: OutcomeDetail; lang: Lang; t: Translate }) {
  const words = outcomeWords(o.rule, o.status);
  const reason = o.status === 'unknown' && o.missing ? t('ruleMissing', { missing: missingLabels(o.missing, lang) }) : o.message[lang === 'en' ? 'en' : 'zh'];
  const figures = o.actual ? t('ruleFiguresLabelled', { actual: figuresText(o.actual, lang, t), threshold: figuresText(o.threshold, lang, t) }) : undefined;
  const extra = o.extra && Object.keys(o.extra).length > 0 ? t('ruleFiguresResult', { extra: figuresText(o.extra, lang, t) }) : undefined;
  const colour = MEANING_COLOURS[words.meaning];
  return (
    <li data-rule={o.rule} data-status={o.status} data-meaning={words.meaning} data-reason={o.reason} title={[figures, extra].filter(Boolean).join('\n') || undefined}>
      <div className="rule-head">
        <span className="rule-name">{t(`rule_${o.rule}` as MessageKey)}</span>
        <span className="meaning-badge" data-meaning={words.meaning} style={{ ['--meaning' as string]: colour }}>
          {lang === 'en' ? words.en : words.zh}
        </span>
      </div>
      <div className="rule-reason">{reason}</div>
      {figures && (
        <details className="rule-figures">
          <summary>{t('ruleClauseLine', { clause: o.clause })}</summary>
          <p>{figures}</p>
          {extra && <p>{extra}</p>}
        </details>
      )}
      {!figures && (
        <div className="rule-clause">{t('ruleClauseLine', { clause: o.clause })}</div>
      )}
    </li>
  );
}

export function RuleList({ outcomes, lang, t }: { outcomes: readonly OutcomeDetail[]; lang: Lang; t: Translate }) {
  return (
    <ol className="rule-list" data-testid="rule-list">
      {outcomes.map((o) => <RuleItem key={o.rule} o={o} lang={lang} t={t} />)}
    </ol>
  );
}

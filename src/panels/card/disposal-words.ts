/**
 * The ledger's actions and statuses in the user's language. The ledger stores them in Chinese (the plan's
 * words, and what its files hold); English mode shows them in English.
 */
import type { DisposalAction, DisposalStatus } from '../../domain/ledger';
import type { MessageKey, Translate } from '../../i18n';

const ACTION_KEY: Record<DisposalAction, MessageKey> = {
  关停退出: 'disposalActionClose',
  兼并重组: 'disposalActionMerge',
  整体腾退: 'disposalActionVacate',
  搬迁入园: 'disposalActionRelocate',
  改造提升: 'disposalActionUpgrade',
  闲置收回: 'disposalActionRecover',
};

const STATUS_KEY: Record<DisposalStatus, MessageKey> = { 待处置: 'legendDisposalTodo', 处置中: 'legendDisposalDoing', 已完成: 'legendDisposalDone' };

export const actionWords = (a: DisposalAction, t: Translate): string => t(ACTION_KEY[a]);
export const statusWords = (s: DisposalStatus, t: Translate): string => t(STATUS_KEY[s]);

const valueWords = (value: string, t: Translate): string =>
  value in ACTION_KEY ? actionWords(value as DisposalAction, t) : value in STATUS_KEY ? statusWords(value as DisposalStatus, t) : value;

/**
 * A stored value in words: an action or a status by its label, a date or a note as it is; a whole entry's
 * summary (its fields joined by " · ", ledger-persist.ts) field by field.
 */
export const ledgerValueWords = (value: string, t: Translate): string => value.split(' · ').map((v) => valueWords(v, t)).join(' · ');

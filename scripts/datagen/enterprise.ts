/**
 * Enterprise identities: names in the local style (温州市瓯海X鞋业有限公司) and 统一社会信用代码 with valid
 * check digits (GB 32100-2015 for the 18th character, GB 11714-1997 for the embedded organisation code).
 */
import type { Rng } from './rng';

/** GB 32100 character set: digits and capitals without I, O, S, V, Z (value = index). */
export const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of a 17-character credit-code body: C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0. */
export function creditCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(body17[i] ?? '');
    if (v < 0) throw new Error(`invalid credit-code character at ${i}: ${body17}`);
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Organisation-code check (GB 11714): C9 = 11 − (Σ Ci·Wi mod 11); 10 → X, 11 → 0. Letters count A=10…Z=35. */
export function orgCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function isValidCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && creditCheckChar(code.slice(0, 17)) === code[17];
}

/** 91 (工商-registered enterprise) + 330304 (瓯海) + 9-character organisation code + check. */
export function makeCreditCode(rng: Rng): string {
  let org = '';
  for (let i = 0; i < 8; i++) org += rng.chance(0.85) ? String(rng.int(0, 9)) : 'ABCDEFGHJKLMNPQRTUWXY'[rng.int(0, 20)]!;
  const body = '91330304' + org + orgCheckChar(org);
  return body + creditCheckChar(body);
}

const SYLLABLES = '华宏鑫瑞恒盛达顺兴隆丰泰安康宝源通伟杰豪嘉锦辉明光新佳德信诚利富金银龙凤腾飞跃远强大友正中东南海山川江湖天宇星'.split('');

export const INDUSTRY_SUFFIX: Record<string, readonly string[]> = {
  服装: ['服饰', '制衣', '服装'], 鞋革: ['鞋业', '鞋材', '皮革'], 眼镜: ['眼镜', '光学眼镜'], 智能锁: ['锁业', '智能科技'],
  食品: ['食品', '食品科技'], 纸包装: ['包装', '纸业'], 汽摩配: ['汽车部件', '汽摩配件', '机车部件'], 泵阀: ['泵阀', '阀门', '流体设备'],
  电气: ['电气', '电器', '电力设备'], 生命健康: ['生物科技', '医疗器械', '健康科技'], 数字经济: ['信息科技', '数字科技', '软件'],
  光电: ['光电科技', '光电'], 新材料: ['新材料科技', '新材料'],
};

/** A unique enterprise name for an industry; `used` collects names already taken. */
export function makeEnterpriseName(industry: string, above: boolean, rng: Rng, used: Set<string>): string {
  const suffixes = INDUSTRY_SUFFIX[industry] ?? ['实业'];
  for (let attempt = 0; ; attempt++) {
    const trade = rng.pick(SYLLABLES) + rng.pick(SYLLABLES) + (attempt > 20 ? String(attempt) : '');
    const suffix = rng.pick(suffixes);
    const name = above && rng.chance(0.2) ? `浙江${trade}${suffix}股份有限公司`
      : rng.chance(0.8) ? `温州市瓯海${trade}${suffix}有限公司` : `温州${trade}${suffix}有限公司`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/**
 * Ouhai's 13 towns (12 街道 and 泽雅镇) with their statistical codes, as /work/shared/data/ouhai-towns.csv
 * lists them, and the reading of a 镇街 value written any of the ways bureau files write it: the full
 * name (娄桥街道), the short name (娄桥), the 9-digit code (330304005) or the 12-digit one (330304005000).
 * Read at import so that one town is one row of the dashboard, not three.
 */

export const OUHAI_TOWNS: readonly { code: string; name: string }[] = [
  { code: '330304001', name: '景山街道' },
  { code: '330304002', name: '梧田街道' },
  { code: '330304003', name: '南白象街道' },
  { code: '330304004', name: '茶山街道' },
  { code: '330304005', name: '娄桥街道' },
  { code: '330304006', name: '新桥街道' },
  { code: '330304007', name: '三垟街道' },
  { code: '330304008', name: '瞿溪街道' },
  { code: '330304009', name: '郭溪街道' },
  { code: '330304010', name: '潘桥街道' },
  { code: '330304011', name: '丽岙街道' },
  { code: '330304012', name: '仙岩街道' },
  { code: '330304108', name: '泽雅镇' },
];

/** Every spelling → the full name: name, short name, codes (9 and 12 digits). */
const SPELLINGS: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const { code, name } of OUHAI_TOWNS) {
    m.set(name, name);
    m.set(name.replace(/(街道|镇)$/, ''), name);
    m.set(code, name);
    m.set(`${code}000`, name);
  }
  return m;
})();

/** Values read so far (a town column repeats a few dozen over 100k parcels); null: no Ouhai town. */
const seen = new Map<string, string | null>();

/** The full name of the Ouhai town `value` names (a name, short name or code, with or without 温州市瓯海区), or undefined. */
export function ouhaiTownName(value: string | number): string | undefined {
  const key = String(value);
  let name = seen.get(key);
  if (name === undefined) {
    const s = key.normalize('NFKC').replace(/\s/g, '');
    name = SPELLINGS.get(s) ?? SPELLINGS.get(s.replace(/^(浙江省)?(温州市)?(瓯海区)?/, '')) ?? null;
    if (seen.size < 4096) seen.set(key, name);
  }
  return name ?? undefined;
}

/** Whether `name` is one of the 13 full names. */
export const isOuhaiTown = (name: string): boolean => SPELLINGS.get(name) === name;

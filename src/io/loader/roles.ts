/**
 * What a layer is for (its role) and the columns each role reads besides the parcel fields. A role is
 * guessed from the file name (区块线, 建筑, 园区 …; a parcel-id column outweighs a place word such as 街道 or
 * 开发区), then the columns, then the geometry, and the user can change it. Guesses are told with how they were made, so the preview can say why.
 */
import { matchField } from '../field-mapping';
import type { SourceLayer } from '../source';
import type { LayerId } from '../dataset';

export type LayerRole = LayerId | 'ignore';

export const LAYER_ROLES: readonly LayerRole[] = ['parcels', 'buildings', 'blocklines', 'parks', 'towns', 'boundary', 'ignore'];

export type RoleHow = 'user' | 'manifest' | 'file-name' | 'fields' | 'geometry';

/** Columns a non-parcel role reads: the canonical key and the names it goes by (matched case- and width-insensitively). */
export interface RoleField {
  key: 'level' | 'name';
  zh: string;
  en: string;
  names: readonly string[];
}

export const ROLE_FIELDS: Record<Exclude<LayerRole, 'parcels' | 'ignore'>, readonly RoleField[]> = {
  blocklines: [
    { key: 'level', zh: '区块线级别', en: 'Block-line tier', names: ['level', '级别', 'jb', '区块线级别', 'qkxjb', '等级', 'tier', '类别', 'lb'] },
    { key: 'name', zh: '名称', en: 'Name', names: ['name', '名称', 'mc', '区块名称', 'qkmc'] },
  ],
  parks: [{ key: 'name', zh: '园区名称', en: 'Park name', names: ['name', '名称', 'mc', '园区名称', 'yqmc', '园区'] }],
  towns: [{
    key: 'name', zh: '镇街名称', en: 'Town name',
    names: ['name', '名称', 'mc', 'town', '镇街', '镇街名称', '所属镇街', '街道', 'zjmc', 'jdmc', 'xzqmc', '行政区名称', 'xzmc', '乡镇名称'],
  }],
  buildings: [],
  boundary: [{ key: 'name', zh: '名称', en: 'Name', names: ['name', '名称', 'mc'] }],
};

export const normaliseName = (s: string): string => s.normalize('NFKC').replace(/[\s_-]/g, '').toLowerCase();

/** File-name words per role, most specific first (区块线 before 工业; 建筑 before 地块). */
const NAME_HINTS: readonly [LayerRole, RegExp][] = [
  ['blocklines', /区块线|区块|blockline|block_line|qkx|控制线/i],
  ['buildings', /建筑|房屋|楼|building|footprint|jzw|fw(?![a-z])|jz(?![a-z])/i],
  ['parks', /园区|小微|开发区|park|yq(?![a-z])/i],
  ['towns', /镇街|街道|乡镇|行政区|town|xzq|jd(?![a-z])/i],
  ['boundary', /边界|界线|区界|outline|boundary|border/i],
  ['parcels', /地块|宗地|用地|parcel|land|dk(?![a-z])|zd(?![a-z])/i],
];

/** Roles whose file-name words also name the place a parcel layer covers. */
const PLACE_ROLES: ReadonlySet<LayerRole> = new Set<LayerRole>(['parks', 'towns', 'boundary']);
/** Words that make a file name a parcel layer's wherever it is. */
const PARCEL_WORDS = /地块|宗地|parcel/i;

/** The role and how it was guessed. Non-polygon layers cannot take part in the analysis. */
export function guessRole(layer: SourceLayer): { role: LayerRole; how: RoleHow } {
  if (layer.geometryKind !== 'polygon' && layer.geometryKind !== 'mixed') return { role: 'ignore', how: 'geometry' };
  const base = layer.name;
  const names = layer.fields.map((f) => f.name);
  const parcelHits = names.filter((n) => matchField(n) !== undefined);
  const hasParcelId = parcelHits.some((n) => matchField(n)?.key === 'parcelId');
  for (const [role, re] of NAME_HINTS) {
    if (!re.test(base)) continue;
    // A place in the name (娄桥街道工业地块, 瓯海经济开发区用地) says where, not what: a parcel-id column, or
    // 地块/宗地 in the name, says parcels. Building and block-line names stay decisive (buildings often carry DKBH).
    if (PLACE_ROLES.has(role) && hasParcelId) return { role: 'parcels', how: 'fields' };
    if (PLACE_ROLES.has(role) && PARCEL_WORDS.test(base)) return { role: 'parcels', how: 'file-name' };
    return { role, how: 'file-name' };
  }
  if (hasParcelId || parcelHits.length >= 3) return { role: 'parcels', how: 'fields' };
  const has = (role: keyof typeof ROLE_FIELDS, key: RoleField['key']) =>
    names.some((n) => ROLE_FIELDS[role].find((f) => f.key === key)?.names.some((x) => normaliseName(x) === normaliseName(n)));
  if (has('blocklines', 'level')) return { role: 'blocklines', how: 'fields' };
  if (has('towns', 'name') && layer.features.length <= 40 && names.length <= 4) return { role: 'towns', how: 'fields' };
  // Any parcel column (企业名称, 税收 …) says parcels; a lone polygon without them is the district outline.
  if (parcelHits.length > 0) return { role: 'parcels', how: 'fields' };
  if (layer.features.length === 1) return { role: 'boundary', how: 'geometry' };
  // Many polygons with no useful columns: building footprints are the usual such layer.
  return names.length <= 3 ? { role: 'buildings', how: 'geometry' } : { role: 'parcels', how: 'geometry' };
}

/** The source column for each of a role's fields: the first column whose name matches. */
export function guessRoleColumns(role: LayerRole, fields: readonly string[]): Record<string, string | null> {
  if (role === 'parcels' || role === 'ignore') return {};
  const out: Record<string, string | null> = {};
  for (const f of ROLE_FIELDS[role]) {
    const wanted = new Set(f.names.map(normaliseName));
    out[f.key] = fields.find((n) => wanted.has(normaliseName(n))) ?? null;
  }
  return out;
}

/** Every column that could hold a role field, in file order: read in turn when the chosen one is empty on a feature. */
export function roleColumnCandidates(role: LayerRole, key: RoleField['key'], fields: readonly string[]): string[] {
  if (role === 'parcels' || role === 'ignore') return [];
  const wanted = new Set(ROLE_FIELDS[role].find((f) => f.key === key)?.names.map(normaliseName) ?? []);
  return fields.filter((n) => wanted.has(normaliseName(n)));
}

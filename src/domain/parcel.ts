/**
 * The parcel layer's canonical fields (data-model.md, "Parcel fields"). Every attribute but parcelId
 * may be missing in real data; rules report `unknown` rather than guessing.
 */
export type Scale = 'above' | 'below';
export type Ownership = 'private' | 'state' | 'foreign' | 'other';
export type Tenure = 'owned' | 'leased';
export type EvalClass = 'A' | 'B' | 'C' | 'D';

export interface ParcelAttributes {
  parcelId: string;
  enterprise?: string | null;
  creditCode?: string | null;
  town?: string | null;
  industry?: string | null;
  priorityIndustry?: boolean | null;
  scale?: Scale | null;
  ownership?: Ownership | null;
  tenure?: Tenure | null;
  landUse?: string | null;
  landGrade?: number | null;
  registeredAreaMu?: number | null;
  transferDate?: string | null;
  agreedStartDate?: string | null;
  actualStartDate?: string | null;
  suspendedSince?: string | null;
  developedRatio?: number | null;
  investedRatio?: number | null;
  govCause?: boolean | null;
  builtYear?: number | null;
  floorArea?: number | null;
  plannedMaxFar?: number | null;
  supportLandRatio?: number | null;
  tax?: number | null;
  addedValue?: number | null;
  revenue?: number | null;
  rdExpense?: number | null;
  energyTce?: number | null;
  emissions?: number | null;
  electricityKwh?: number | null;
  employees?: number | null;
  evalClass?: EvalClass | null;
}

export type ParcelField = keyof ParcelAttributes;

/**
 * What kind of value each field holds once read: the loader coerces source values to it
 * (io/field-mapping.ts), and number, integer and ratio fields are held as numbers (parcel-columns.ts).
 */
export type FieldKind = 'string' | 'number' | 'integer' | 'ratio' | 'boolean' | 'date' | 'scale' | 'ownership' | 'tenure' | 'evalClass';

export const FIELD_KIND: Record<ParcelField, FieldKind> = {
  parcelId: 'string', enterprise: 'string', creditCode: 'string', town: 'string', industry: 'string',
  priorityIndustry: 'boolean', scale: 'scale', ownership: 'ownership', tenure: 'tenure', landUse: 'string',
  landGrade: 'integer', registeredAreaMu: 'number', transferDate: 'date', agreedStartDate: 'date',
  actualStartDate: 'date', suspendedSince: 'date', developedRatio: 'ratio', investedRatio: 'ratio',
  govCause: 'boolean', builtYear: 'integer', floorArea: 'number', plannedMaxFar: 'number',
  supportLandRatio: 'ratio', tax: 'number', addedValue: 'number', revenue: 'number', rdExpense: 'number',
  energyTce: 'number', emissions: 'number', electricityKwh: 'number', employees: 'integer', evalClass: 'evalClass',
};

/** Field order and Chinese/English labels with units, for panels and exports. */
export const PARCEL_FIELDS: readonly { key: ParcelField; zh: string; en: string; unit?: string }[] = [
  { key: 'parcelId', zh: '地块编号', en: 'Parcel ID' },
  { key: 'enterprise', zh: '企业名称', en: 'Enterprise' },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code' },
  { key: 'town', zh: '所属镇街', en: 'Town' },
  { key: 'industry', zh: '行业', en: 'Industry' },
  { key: 'priorityIndustry', zh: '战略性新兴/先进制造业', en: 'Priority industry' },
  { key: 'scale', zh: '规模', en: 'Scale' },
  { key: 'ownership', zh: '企业性质', en: 'Ownership' },
  { key: 'tenure', zh: '用地方式', en: 'Tenure' },
  { key: 'landUse', zh: '用途', en: 'Land use' },
  { key: 'landGrade', zh: '土地等别', en: 'Land grade' },
  { key: 'registeredAreaMu', zh: '登记面积', en: 'Registered area', unit: '亩' },
  { key: 'transferDate', zh: '出让日期', en: 'Transfer date' },
  { key: 'agreedStartDate', zh: '约定动工日期', en: 'Agreed start date' },
  { key: 'actualStartDate', zh: '实际动工日期', en: 'Actual start date' },
  { key: 'suspendedSince', zh: '停工日期', en: 'Suspended since' },
  { key: 'developedRatio', zh: '已开发面积占比', en: 'Developed share', unit: '%' },
  { key: 'investedRatio', zh: '已投资占比', en: 'Invested share', unit: '%' },
  { key: 'govCause', zh: '政府原因闲置', en: 'Government cause' },
  { key: 'builtYear', zh: '建成年份', en: 'Year built' },
  { key: 'floorArea', zh: '总建筑面积', en: 'Floor area', unit: 'm²' },
  { key: 'plannedMaxFar', zh: '规划容积率上限', en: 'Planned max FAR' },
  { key: 'supportLandRatio', zh: '配套设施用地占比', en: 'Support land share', unit: '%' },
  { key: 'tax', zh: '税收', en: 'Tax', unit: '万元/年' },
  { key: 'addedValue', zh: '工业增加值', en: 'Value added', unit: '万元/年' },
  { key: 'revenue', zh: '营业收入', en: 'Revenue', unit: '万元/年' },
  { key: 'rdExpense', zh: 'R&D经费', en: 'R&D expense', unit: '万元/年' },
  { key: 'energyTce', zh: '综合能耗', en: 'Energy use', unit: 'tce/年' },
  { key: 'emissions', zh: '主要污染物排放', en: 'Emissions', unit: '吨/年' },
  { key: 'electricityKwh', zh: '用电量', en: 'Electricity', unit: '万kWh/年' },
  { key: 'employees', zh: '从业人员', en: 'Employees', unit: '人' },
  { key: 'evalClass', zh: '亩均效益等级', en: 'Efficiency class' },
];

/**
 * Test helper: a small district with a completion before the campaign (2019, 景山街道), one in it (2022, 梧田街道)
 * and an undated one (娄桥街道), analysed — for the dashboard's and its export's tests.
 */
import { analyzeParcels } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { LedgerEntry } from './ledger';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import type { DistrictSummary } from './summary';
import { squareMetres } from './units';

const parcel = (id: string, town: string, areaM2: number, extra: Partial<ParcelAttributes>): [ParcelAttributes, ParcelGeoFacts] => [
  { parcelId: id, enterprise: `企业${id}`, town, scale: 'above', builtYear: 2010, landUse: '工业', revenue: 20000, rdExpense: 300, ...extra },
  { areaM2: squareMetres(areaM2), footprintM2: squareMetres(areaM2 * 0.5), blocklineOverlapM2: null, park: null, townFromLayer: null },
];

export function districtWithEarlyCompletion(): DistrictSummary {
  const rows = [
    parcel('P1', '景山街道', 20000, { tax: 600, addedValue: 3000, employees: 100, energyTce: 500 }), // freed in 2019
    parcel('P2', '景山街道', 15000, { tax: 2000, addedValue: 9000, employees: 400, energyTce: 900 }),
    parcel('P3', '梧田街道', 10000, { tax: 800, addedValue: 5000, employees: 200, energyTce: 300 }), // closed in 2022
    parcel('P4', '梧田街道', 12000, { tax: 500, addedValue: 2500, employees: 150, energyTce: 200 }),
    parcel('P5', '娄桥街道', 6000, { tax: 50, addedValue: 400, employees: 30, energyTce: 100 }), // freed, undated
    parcel('P6', '娄桥街道', 9000, { tax: 700, addedValue: 4000, employees: 120, energyTce: 250 }),
  ];
  const ledger: LedgerEntry[] = [
    { parcelId: 'P1', action: '整体腾退', status: '已完成', date: '2019-05-01' },
    { parcelId: 'P3', action: '关停退出', status: '已完成', date: '2022-03-01' },
    { parcelId: 'P5', action: '搬迁入园', status: '已完成' },
  ];
  const { summary } = analyzeParcels(rows.map(([a]) => a), rows.map(([, f]) => f), DEFAULT_RULE_SET, { evaluationDate: '2023-12-31', ledger });
  return summary;
}

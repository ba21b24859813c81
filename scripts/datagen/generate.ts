/**
 * The whole synthetic Ouhai dataset in memory: layers as FlatGeobuf bytes (EPSG:4549), the ledger and
 * the manifest. Pure function of (seed, parcel count): the same inputs give identical bytes.
 */
import { createHash } from 'node:crypto';
import type { Feature, Geometry } from 'geojson';
import { PARCEL_FIELDS, type ParcelAttributes, type ParcelField } from '../../src/domain/parcel';
import type { DatasetManifest, LayerEntry, LayerId } from '../../src/io/dataset';
import { buildingsFor, type Building } from './buildings';
import { assignClasses } from './classes';
import { addTwoHighFirms, buildEconomics } from './economics';
import { assignRoles, buildEnterprises } from './enterprises';
import { writeFgb, type ColumnKind, type ColumnSpec, type Props } from './fgb';
import { roundMm } from './geometry';
import { layoutParcels, sizeScaleFor, type Cluster, type ParcelShape } from './layout';
import { buildLedger, type LedgerEntry } from './ledger';
import { buildBlocklines, buildParks } from './overlays';
import { buildParcelDrafts, type ParcelDraft } from './parcels';
import { baseline, estimatePipeline, isIdle, type Baseline, type ParcelFacts, type PipelineEstimate } from './pipeline';
import { createRng, subSeed } from './rng';
import { buildTowns, loadOutline, type Town } from './towns';
import { mapGeometry } from '../../src/geo/projection';

export const DEFAULT_SEED = 20211217; // 温瓯政发〔2021〕217号
export const DEFAULT_PARCELS = 3500;
export const AS_OF = '2022-12-31';
const EPSG = 4549;

const PARCEL_KIND: Partial<Record<ParcelField, ColumnKind>> = {
  priorityIndustry: 'bool', govCause: 'bool', landGrade: 'int', builtYear: 'int', employees: 'int',
  registeredAreaMu: 'double', developedRatio: 'double', investedRatio: 'double', floorArea: 'double', plannedMaxFar: 'double',
  supportLandRatio: 'double', tax: 'double', addedValue: 'double', revenue: 'double', rdExpense: 'double', energyTce: 'double',
  emissions: 'double', electricityKwh: 'double',
};
export const PARCEL_COLUMNS: ColumnSpec[] = PARCEL_FIELDS.map((f) => ({ name: f.key, kind: PARCEL_KIND[f.key] ?? 'string' }));
const BUILDING_COLUMNS: ColumnSpec[] = [{ name: 'parcelId', kind: 'string' }, { name: 'floors', kind: 'int' }, { name: 'buildYear', kind: 'int' }];

export interface GeneratedDataset {
  /** File name → bytes (FlatGeobuf layers, ledger.json, manifest.json). */
  files: Map<string, Uint8Array>;
  manifest: DatasetManifest;
  towns: Town[];
  outline: ReturnType<typeof loadOutline>['outline'];
  shapes: ParcelShape[];
  parcels: ParcelFacts[];
  buildings: Building[];
  clusters: Cluster[];
  ledger: LedgerEntry[];
  baseline: Baseline;
  pipeline: PipelineEstimate;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const feature = (geometry: Geometry, properties: Props): Feature<Geometry, Props> => ({ type: 'Feature', properties, geometry });

export function generateDataset(seed = DEFAULT_SEED, parcelCount = DEFAULT_PARCELS): GeneratedDataset {
  const rng = (label: string) => createRng(subSeed(seed, label));
  const { outline } = loadOutline();
  const towns = buildTowns(outline);
  const { parcels: shapes, clusters } = layoutParcels(towns, parcelCount, rng('layout'));
  const enterprises = buildEnterprises(shapes, towns, rng('enterprises'));
  assignRoles(enterprises, rng('roles'));
  const econ = buildEconomics(enterprises, rng('economics'));
  const classes = assignClasses(enterprises, econ, rng('classes'));
  const drafts = buildParcelDrafts(shapes, towns, enterprises, econ, classes, rng('parcels'), AS_OF);
  addTwoHigh(drafts, enterprises.map((e) => e.parcels.length), rng('two-high'));

  const bRng = rng('buildings');
  const sizeScale = sizeScaleFor(parcelCount);
  for (const d of drafts) d.plan.sizeScale = sizeScale;
  const buildings: Building[] = [];
  const footprint = new Float64Array(shapes.length);
  shapes.forEach((shape, i) => {
    const bs = buildingsFor(shape, i, drafts[i]!.plan, bRng);
    let floorArea = 0;
    let inside = 0;
    for (const b of bs) {
      inside += b.insideM2;
      floorArea += b.footprintM2 * b.floors;
      buildings.push(b);
    }
    footprint[i] = inside;
    drafts[i]!.attrs.floorArea = bs.length === 0 ? (drafts[i]!.plan.buildYear === null ? 0 : null) : Math.round(floorArea * 100) / 100;
  });

  const facts: ParcelFacts[] = drafts.map((d, i) => ({ attrs: d.attrs, areaMu: d.areaMu, footprintM2: footprint[i]! }));
  const pipeline = estimatePipeline(facts, AS_OF);
  const totalMu = facts.reduce((s, p) => s + p.areaMu, 0);
  const ledger = buildLedger(
    facts.map((p, i) => ({ attrs: p.attrs, areaMu: p.areaMu, idle: isIdle(p.attrs, AS_OF), reclaimableMu: pipeline.byParcel[i]! })),
    totalMu * 0.0105, rng('ledger'),
  );

  const parks = buildParks(clusters, towns);
  const blocklines = buildBlocklines(clusters, towns, rng('blocklines'));
  const layers: Record<LayerId, Uint8Array> = {
    boundary: writeFgb('boundary', [feature(mapGeometry(outline, roundMm), { name: '瓯海区', adcode: 330304 })], [{ name: 'name', kind: 'string' }, { name: 'adcode', kind: 'int' }], EPSG),
    towns: writeFgb('towns', towns.map((t) => feature(mapGeometry(t.cell, roundMm), { code: t.code, name: t.name, type: t.type })),
      [{ name: 'code', kind: 'string' }, { name: 'name', kind: 'string' }, { name: 'type', kind: 'string' }], EPSG),
    parks: writeFgb('parks', parks, [{ name: 'name', kind: 'string' }, { name: 'kind', kind: 'string' }], EPSG),
    blocklines: writeFgb('blocklines', blocklines, [{ name: 'name', kind: 'string' }, { name: 'level', kind: 'string' }], EPSG),
    parcels: writeFgb('parcels', shapes.map((s, i) => feature(s.geometry, parcelProps(drafts[i]!.attrs))), PARCEL_COLUMNS, EPSG),
    buildings: writeFgb('buildings', buildings.map((b) => feature(b.geometry, {
      parcelId: b.missingId ? null : drafts[b.host]!.attrs.parcelId, floors: b.floors, buildYear: b.buildYear,
    })), BUILDING_COLUMNS, EPSG),
  };
  const featureCounts: Record<LayerId, number> = {
    boundary: 1, towns: towns.length, parks: parks.length, blocklines: blocklines.length, parcels: shapes.length, buildings: buildings.length,
  };
  const files = new Map<string, Uint8Array>();
  const entries = {} as Record<LayerId, LayerEntry>;
  for (const id of ['boundary', 'towns', 'parks', 'blocklines', 'parcels', 'buildings'] as const) {
    files.set(`${id}.fgb`, layers[id]);
    entries[id] = { file: `${id}.fgb`, featureCount: featureCounts[id], sha256: sha256(layers[id]) };
  }
  const ledgerBytes = new TextEncoder().encode(JSON.stringify(ledger, null, 1) + '\n');
  files.set('ledger.json', ledgerBytes);
  const manifest: DatasetManifest = {
    version: 1, name: parcelCount === DEFAULT_PARCELS && seed === DEFAULT_SEED ? 'ouhai' : `ouhai-${parcelCount}-seed${seed}`,
    label: '瓯海区示例数据', synthetic: true, crs: 'EPSG:4549', seed, generator: 'scripts/generate-data.ts', asOf: AS_OF,
    sources: [
      'boundary: 瓯海区 outline from lyhmyd1211/GeoMapData_CN county/330304.json (DataV.GeoAtlas/Amap, GCJ-02 converted to WGS84; no licence stated; unofficial, generalised), projected to EPSG:4549 — see data/reference/README.md',
      'towns: names and codes from modood/Administrative-divisions-of-China (国家统计局 codes, 2022); polygons are synthetic Voronoi cells clipped to the outline',
      'parcels, buildings, blocklines, parks, ledger: synthetic, generated by scripts/generate-data.ts (seeded); not real enterprises',
    ],
    layers: entries,
    ledger: { file: 'ledger.json', entries: ledger.length, sha256: sha256(ledgerBytes) },
  };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  return { files, manifest, towns, outline, shapes, parcels: facts, buildings, clusters, ledger, baseline: baseline(facts), pipeline };
}

function parcelProps(a: ParcelAttributes): Props {
  const p: Props = {};
  for (const f of PARCEL_FIELDS) p[f.key] = (a[f.key] ?? null) as Props[string];
  return p;
}

/** A few "两高" firms among single-parcel 规上 firms (≥ 1000 tce built ≥ 2018; ≥ 5000 tce before). */
function addTwoHigh(drafts: ParcelDraft[], parcelsPerFirm: number[], rng: ReturnType<typeof createRng>): void {
  const cands = drafts.map((d, i) => i).filter((i) => {
    const d = drafts[i]!;
    return d.attrs.scale === 'above' && parcelsPerFirm[d.enterprise] === 1 && d.attrs.builtYear != null && d.attrs.energyTce != null && !d.underUsed && d.attrs.evalClass !== 'D';
  });
  const shuffled = rng.shuffle(cands);
  const count = Math.max(3, Math.round(drafts.length / 1200));
  const attrs = drafts.map((d) => d.attrs);
  addTwoHighFirms(attrs, shuffled.filter((i) => attrs[i]!.builtYear! >= 2018), shuffled.filter((i) => attrs[i]!.builtYear! < 2018), rng, count);
  for (const a of attrs) if (a.energyTce != null) a.energyTce = Math.round(a.energyTce * 100) / 100;
}

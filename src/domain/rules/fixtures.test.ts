/**
 * Fixture tables for the policy rules: tests/fixtures/rules/<rule>/<status>/*.json, each a parcel, its
 * geometry facts, optional other parcels (same enterprise, or the ranking group), rule-set overrides
 * and evaluation date, and the expected outcome. Every file runs through analyzeParcels, so the
 * fixtures exercise enterprise aggregation and class computation too.
 *
 * Facts shorthand: `areaMu` (or `areaM2`); `footprintRatio` (× area) or `footprintM2`; a missing
 * footprint / blocklineOverlapM2 means that layer is not loaded (null); a missing `park` key means no
 * park layer (undefined); `geometryError` flags the parcel's geometry as the overlay does (a broken
 * parcel's overlay fields are then left out, as the overlay leaves them unknown).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeParcels } from '../analyze';
import type { BlocklineLevel, ParcelGeoFacts } from '../facts';
import type { ParcelAttributes } from '../parcel';
import { ruleSetWith } from '../rule-set';
import { m2FromMu, mu, squareMetres, type SquareMetres } from '../units';
import { MISSING_DATA, reasonCell, RULE_IDS, STATUS_CODES, type RuleId } from './outcome';

const ROOT = join(__dirname, '../../../tests/fixtures/rules');
const STATUSES = ['met', 'not-met', 'not-applicable', 'unknown'] as const;

interface FixtureFacts {
  areaMu?: number;
  areaM2?: number;
  footprintRatio?: number;
  footprintM2?: number;
  blocklineOverlapM2?: Record<BlocklineLevel, number> | null;
  park?: string | null;
  townFromLayer?: string | null;
  geometryError?: string;
}

interface Fixture {
  description: string;
  parcel: ParcelAttributes;
  facts: FixtureFacts;
  others?: { parcel: ParcelAttributes; facts: FixtureFacts }[];
  ruleSet?: unknown;
  evaluationDate?: string;
  expect: {
    status: (typeof STATUSES)[number];
    reason: string;
    missing?: string[];
    actual?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  };
}

function toFacts(f: FixtureFacts): ParcelGeoFacts {
  const areaM2 = f.areaM2 !== undefined ? squareMetres(f.areaM2) : m2FromMu(mu(f.areaMu ?? 10));
  const footprintM2: SquareMetres | null =
    f.footprintM2 !== undefined ? squareMetres(f.footprintM2)
    : f.footprintRatio !== undefined ? squareMetres(f.footprintRatio * areaM2) : null;
  const facts: ParcelGeoFacts = {
    areaM2,
    footprintM2,
    blocklineOverlapM2: f.blocklineOverlapM2
      ? { 一级: squareMetres(f.blocklineOverlapM2['一级']), 二级: squareMetres(f.blocklineOverlapM2['二级']) }
      : null,
    park: 'park' in f ? f.park : undefined,
    townFromLayer: f.townFromLayer ?? null,
  };
  if (f.geometryError !== undefined) facts.geometryError = f.geometryError;
  return facts;
}

/** Numbers compare to 9 significant digits; everything else exactly. */
function expectFigures(actual: Record<string, unknown> | undefined, expected: Record<string, unknown>, what: string): void {
  expect(actual, what).toBeDefined();
  for (const [key, want] of Object.entries(expected)) {
    const got = actual![key];
    if (typeof want === 'number') {
      expect(typeof got, `${what}.${key}`).toBe('number');
      expect(got as number, `${what}.${key}`).toBeCloseTo(want, 6);
    } else {
      expect(got, `${what}.${key}`).toEqual(want);
    }
  }
}

function listFixtures(): { rule: RuleId; status: string; file: string }[] {
  const out: { rule: RuleId; status: string; file: string }[] = [];
  for (const rule of readdirSync(ROOT)) {
    for (const status of readdirSync(join(ROOT, rule))) {
      for (const file of readdirSync(join(ROOT, rule, status))) {
        if (file.endsWith('.json')) out.push({ rule: rule as RuleId, status, file: join(ROOT, rule, status, file) });
      }
    }
  }
  return out;
}

const fixtures = listFixtures();

describe('rule fixture tables', () => {
  it('cover every rule, and every rule has met, not-met and unknown cases', () => {
    for (const rule of RULE_IDS) {
      const statuses = new Set(fixtures.filter((f) => f.rule === rule).map((f) => f.status));
      for (const s of ['met', 'not-met', 'unknown']) expect(statuses.has(s), `${rule}/${s}`).toBe(true);
      // block-line concerns every parcel; all others have a not-applicable case.
      if (rule !== 'block-line') expect(statuses.has('not-applicable'), `${rule}/not-applicable`).toBe(true);
    }
    for (const f of fixtures) {
      expect(RULE_IDS, f.file).toContain(f.rule);
      expect(STATUSES, f.file).toContain(f.status);
    }
  });

  for (const { rule, status, file } of fixtures) {
    it(`${relative(ROOT, file)}`, () => {
      const fx = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
      expect(fx.expect.status, 'folder and expected status agree').toBe(status);
      const parcels = [fx.parcel, ...(fx.others ?? []).map((o) => o.parcel)];
      const facts = [toFacts(fx.facts), ...(fx.others ?? []).map((o) => toFacts(o.facts))];
      const result = analyzeParcels(parcels, facts, ruleSetWith(fx.ruleSet ?? {}), { evaluationDate: fx.evaluationDate ?? '2023-06-30' });
      const outcome = result.outcomesOf(0)[rule];
      // The compact columns say the same as the recomputed outcome.
      const at = RULE_IDS.indexOf(rule);
      expect(STATUS_CODES[result.ruleStatus[at]!]).toBe(outcome.status);
      expect(result.ruleReason[at]).toBe(reasonCell(outcome));
      if (outcome.status === 'unknown') expect(result.ruleReason[at]).toBe(`${MISSING_DATA}:${outcome.missing.join('|')}`);
      else expect(result.ruleReason[at]).toBe(outcome.reason);
      expect(outcome.rule).toBe(rule);
      expect({ status: outcome.status, reason: outcome.reason }, fx.description).toEqual({ status: fx.expect.status, reason: fx.expect.reason });
      expect(outcome.clause.length).toBeGreaterThan(0);
      expect(outcome.message.zh.length).toBeGreaterThan(0);
      if (fx.expect.missing) {
        expect(outcome.status).toBe('unknown');
        if (outcome.status === 'unknown') expect([...outcome.missing]).toEqual(fx.expect.missing);
      }
      if (outcome.status === 'met' || outcome.status === 'not-met') {
        if (fx.expect.actual) expectFigures(outcome.actual, fx.expect.actual, 'actual');
        if (fx.expect.extra) expectFigures(outcome.extra, fx.expect.extra, 'extra');
        for (const v of Object.values({ ...outcome.actual, ...outcome.extra }))
          if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      }
    });
  }
});

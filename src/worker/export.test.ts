import { beforeAll, describe, expect, it } from 'vitest';
import { ouhaiSource } from '../io/export/export.test-helper';
import { createHandlers, dispatch, transferList } from './handlers';
import { emptySession, type Session } from './session';

const dataset = { name: 'ouhai', hash: 'h', synthetic: true, asOf: '2022-12-31' };

describe('worker export request', () => {
  let session: Session;
  beforeAll(async () => {
    const { source, layers } = await ouhaiSource();
    session = emptySession();
    session.layers = layers;
    session.run = source.run as Session['run'];
  }, 60_000);

  it('answers the file with its name and bytes (transferred), and reports progress', async () => {
    const progress: number[] = [];
    const msg = { id: 7, kind: 'export' as const, payload: { format: 'geojson' as const, fids: [0, 1, 2], listName: '甲', dataset, exportedOn: '2026-12-01' } };
    const r = await dispatch(msg, createHandlers(session), { progress: (f) => progress.push(f) });
    expect(r.result.ok).toBe(true);
    if (!r.result.ok) return;
    const v = r.result.value as { fileName: string; bytes: ArrayBuffer; mime: string };
    expect(v.fileName).toBe('甲_2026-12-01.geojson');
    expect(v.mime).toBe('application/geo+json');
    const doc = JSON.parse(new TextDecoder().decode(v.bytes)) as { features: unknown[]; tenglong: { evaluationDate: string } };
    expect(doc.features).toHaveLength(3);
    expect(doc.tenglong.evaluationDate).toBe('2023-12-31');
    expect(transferList(msg, r)).toEqual([v.bytes]);
    expect(progress.at(-1)).toBe(1);
  });

  it('refuses an empty list, an unknown format and a missing analysis with a message', async () => {
    const h = createHandlers(session);
    expect(await h.export({ format: 'csv', fids: [], listName: 'x', dataset })).toMatchObject({ ok: false, error: { code: 'bad-request', message: /empty/ } });
    expect(await h.export({ format: 'pdf' as 'csv', fids: [1], listName: 'x', dataset })).toMatchObject({ ok: false, error: { code: 'bad-request', message: /unknown export format/ } });
    expect(await createHandlers({ ...emptySession(), layers: session.layers }).export({ format: 'csv', fids: [1], listName: 'x', dataset })).toMatchObject({ ok: false, error: { code: 'no-analysis' } });
  });
});

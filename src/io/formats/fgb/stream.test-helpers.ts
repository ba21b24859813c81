/**
 * Test and benchmark helper: a large indexed FlatGeobuf of square parcels in Ouhai (EPSG:4549), written
 * with the app's own writer. `side × side` parcels of 16 m on a 20 m pitch from (x0, y0).
 */
import { writeFgb, type FgbWriteColumn } from './write';

export const STREAM_ORIGIN = { x0: 556000, y0: 3094000, pitch: 20, size: 16 };

export function streamTestFile(side: number): Uint8Array {
  const { x0, y0, pitch, size } = STREAM_ORIGIN;
  const columns: FgbWriteColumn[] = [
    { name: '地块编号', type: 'text' },
    { name: '用地面积', type: 'real' },
  ];
  const features = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const x = x0 + c * pitch;
      const y = y0 + r * pitch;
      features.push({
        geometry: { type: 'Polygon' as const, coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] },
        values: [`S${r}-${c}`, size * size],
      });
    }
  }
  return writeFgb(columns, features, { epsg: 4549, name: 'parcels' });
}

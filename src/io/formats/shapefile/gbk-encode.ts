/**
 * Text → GBK (code page 936) bytes, for Shapefiles that Chinese desktop GIS opens without a .cpg. The
 * table is built once from the platform's own GB18030 decoder (browsers and Node ship it; the two-byte
 * GBK area is the same in both standards), so no encoding library has to be bundled. Characters GBK
 * cannot write become `?`.
 */
let table: Map<number, number> | null = null;

function buildTable(): Map<number, number> {
  const m = new Map<number, number>();
  const decoder = new TextDecoder('gb18030');
  const trails: number[] = [];
  for (let t = 0x40; t <= 0xfe; t++) if (t !== 0x7f) trails.push(t);
  const row = new Uint8Array(trails.length * 2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    trails.forEach((t, k) => {
      row[2 * k] = lead;
      row[2 * k + 1] = t;
    });
    const chars = [...decoder.decode(row)];
    if (chars.length === trails.length) {
      chars.forEach((c, k) => {
        const cp = c.codePointAt(0)!;
        if (cp !== 0xfffd && !m.has(cp)) m.set(cp, (lead << 8) | trails[k]!);
      });
    } else {
      for (const t of trails) {
        const c = decoder.decode(new Uint8Array([lead, t]));
        const cp = c.codePointAt(0)!;
        if (c.length === 1 && cp !== 0xfffd && !m.has(cp)) m.set(cp, (lead << 8) | t);
      }
    }
  }
  return m;
}

export function encodeGbk(s: string): Uint8Array {
  table ??= buildTable();
  const out = new Uint8Array(s.length * 2);
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out[n++] = cp;
    else {
      const code = table.get(cp);
      if (code === undefined) out[n++] = 0x3f;
      else {
        out[n++] = code >> 8;
        out[n++] = code & 0xff;
      }
    }
  }
  return out.slice(0, n);
}

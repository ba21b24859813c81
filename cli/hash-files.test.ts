import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFiles } from './hash-files';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFiles', () => {
  it('gives each file the SHA-256 of its whole content, read in pieces (3.5 MB here), and refuses a missing one', async () => {
    const big = Uint8Array.from({ length: 3.5 * (1 << 20) + 17 }, (_, i) => (i * 31 + (i >> 13)) & 255);
    const files = { big: join(dir, 'big.fgb'), small: join(dir, 'small.json'), empty: join(dir, 'empty.cpg') };
    writeFileSync(files.big, big);
    writeFileSync(files.small, '{"a":1}');
    writeFileSync(files.empty, '');
    const missing = join(dir, 'missing.shp');
    const hashes = hashFiles([files.big, files.small, files.empty, missing]);
    const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
    expect(await hashes.get(files.big)!()).toBe(sha(big));
    expect(await hashes.get(files.small)!()).toBe(sha('{"a":1}'));
    expect(await hashes.get(files.empty)!()).toBe(sha(''));
    await expect(hashes.get(missing)!()).rejects.toThrow(/ENOENT/);
  });

  it('keeps a process that waits for nothing but an asked hash alive until it is in (it ended with code 0 and no output)', () => {
    const file = join(dir, 'large.bin');
    writeFileSync(file, Buffer.alloc(48 << 20, 7));
    const script = join(dir, 'ask.mts');
    // Nothing else is pending once the hash is asked for: only the hashing thread can keep the process going.
    writeFileSync(script, `import { hashFiles } from ${JSON.stringify(join(process.cwd(), 'cli/hash-files.ts'))};
const hashes = hashFiles([${JSON.stringify(file)}]);
void hashes.get(${JSON.stringify(file)})().then((h) => console.log('hash', h));`);
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(out.trim()).toBe(`hash ${createHash('sha256').update(Buffer.alloc(48 << 20, 7)).digest('hex')}`);
  }, 60_000);
});

/**
 * The CLI's output files: checked before any work starts (the folder exists and takes a new file, the
 * path is not a folder, not a device, and not one of the inputs), then written all-or-nothing — each to a
 * temporary file beside it, renamed into place only when every one was written, so a failure never
 * leaves a half-written file or a new CSV next to an old summary's half.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createWriteStream, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { IoError } from '../src/io/formats/types';
import type { CliArgs } from './args';
import { withSidecars } from './load-inputs';

/** An output the run will write: the flag that named it and the path as given. */
export interface OutputTarget {
  flag: '--out' | '--summary';
  path: string;
}

/** A checked output: where it goes (symbolic links resolved) and the mode of the file it replaces. */
export interface ReservedOutput extends OutputTarget {
  target: string;
  mode?: number;
}

export type OutputCheck = { ok: true; outputs: ReservedOutput[] } | { ok: false; error: IoError };

const codeOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (e) {
    if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return null;
    throw e;
  }
}

/** Every file the run reads: the layers (a Shapefile's sidecars too), the rules, the ledger, the request. */
async function inputPaths(args: CliArgs): Promise<string[]> {
  const named = [args.parcels, args.buildings, args.blocklines, args.parks, args.towns, args.rules, args.ledger, args.request]
    .filter((p): p is string => p !== undefined);
  return (await Promise.all(named.map(withSidecars))).flat();
}

/** The real path of an existing file; of a missing one, its real folder plus its name. */
async function realTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    try {
      return join(await realpath(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** A problem with one output, or null; `inputs` are the inputs' real paths and file identities. */
async function checkOne(o: OutputTarget, inputs: { real: string; id: string | null }[]): Promise<IoError | null> {
  const err = (problem: string, fix: string): IoError => ({ file: `${o.flag} ${o.path}`, problem, fix });
  let st: Stats | null;
  try {
    st = await statOrNull(o.path);
  } catch (e) {
    return err(`The path cannot be checked (${codeOf(e)}).`, 'Name a file in a folder you can write to.');
  }
  if (st?.isDirectory()) return err('This is a folder, not a file.', `Name the file to write, e.g. ${join(o.path, o.flag === '--out' ? 'results.csv' : 'summary.json')}.`);
  if (st && !st.isFile()) return err('This is not a regular file (a device, pipe or socket).', 'Name an ordinary file to write.');
  const real = await realTarget(o.path);
  const id = st ? `${st.dev}:${st.ino}` : null;
  if (inputs.some((i) => i.real === real || (id !== null && i.id === id)))
    return err('This is one of the input files; writing the results would overwrite it.', 'Name a new file for the results.');
  const folder = dirname(real);
  const dir = await statOrNull(folder).catch(() => null);
  if (!dir) return err(`The folder ${dirname(o.path)} does not exist.`, 'Create the folder first, or name a file in an existing folder.');
  if (!dir.isDirectory()) return err(`${dirname(o.path)} is not a folder.`, 'Name a file in an existing folder.');
  // The only sure test of "can a file be created here" is creating one (root, read-only mounts, ACLs).
  const probe = join(folder, `.${basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.probe`);
  try {
    await (await open(probe, 'wx')).close();
    await rm(probe, { force: true });
  } catch (e) {
    return err(`The folder ${dirname(o.path)} cannot be written (${codeOf(e)}).`, 'Name a file in a folder you can write to, or change the folder\'s permissions.');
  }
  if (st) {
    const own = await open(real, 'r+').then((h) => h.close().then(() => null), (e: unknown) => codeOf(e));
    if (own !== null) return err(`The file exists and cannot be replaced (${own}).`, 'Name another file, or make this one writable.');
  }
  return null;
}

/**
 * Checks every output before the work starts. Two outputs naming the same file, an output that is one
 * of the inputs (compared by real path and by file identity, so links count), a folder, a missing or
 * read-only folder: each is an error naming the flag, the path and the fix.
 */
export async function checkOutputs(args: CliArgs): Promise<OutputCheck> {
  const targets: OutputTarget[] = [{ flag: '--out', path: args.out }];
  if (args.summary !== undefined) targets.push({ flag: '--summary', path: args.summary });
  const inputs = await Promise.all((await inputPaths(args)).map(async (p) => {
    const st = await statOrNull(p).catch(() => null);
    return { real: await realTarget(p), id: st ? `${st.dev}:${st.ino}` : null };
  }));
  const outputs: ReservedOutput[] = [];
  for (const o of targets) {
    const problem = await checkOne(o, inputs);
    if (problem) return { ok: false, error: problem };
    const target = await realTarget(o.path);
    if (outputs.some((x) => x.target === target))
      return { ok: false, error: { file: `${o.flag} ${o.path}`, problem: 'This is the same file as --out.', fix: 'Name two different files.' } };
    const st = await statOrNull(target).catch(() => null);
    outputs.push(st ? { ...o, target, mode: st.mode & 0o7777 } : { ...o, target });
  }
  return { ok: true, outputs };
}

/**
 * Bytes in chunks, each written (in the thread pool, on the other core) while the next is made: the
 * 46 MB results.csv is written as it is made, not after. A bug while making them rejects with itself.
 */
const writeChunks = (path: string, chunks: Iterable<Uint8Array>): Promise<void> =>
  pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(path, { flags: 'wx' }));

/**
 * Writes `texts[i]` (text as UTF-8, bytes, or bytes in chunks as they are made) to `outputs[i]`: all to temporary files beside their targets first, then renamed
 * into place. On a failure the temporary files are removed and the targets are left as they were
 * (except when a rename fails after an earlier one succeeded, which the error then says).
 */
export async function writeOutputs(outputs: readonly ReservedOutput[], texts: readonly (string | Uint8Array | Iterable<Uint8Array>)[]): Promise<IoError | null> {
  const temps = outputs.map((o) => join(dirname(o.target), `.${basename(o.target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`));
  let step = 'write';
  let renamed = 0;
  let current = outputs[0];
  try {
    for (const [i, o] of outputs.entries()) {
      current = o;
      const content = texts[i] ?? '';
      if (typeof content === 'string' || content instanceof Uint8Array) await writeFile(temps[i]!, content, content instanceof Uint8Array ? { flag: 'wx' } : { encoding: 'utf8', flag: 'wx' });
      else await writeChunks(temps[i]!, content);
      if (o.mode !== undefined) await chmod(temps[i]!, o.mode);
    }
    step = 'rename';
    for (const [i, o] of outputs.entries()) {
      current = o;
      await rename(temps[i]!, o.target);
      renamed++;
    }
    return null;
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => undefined)));
    // Not a file-system error (those carry a code): a bug while the results were made, reported as one.
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    const done = renamed > 0 ? ` ${outputs.slice(0, renamed).map((o) => o.path).join(' and ')} ${renamed === 1 ? 'was' : 'were'} already written.` : ' Nothing was written.';
    return {
      file: `${current?.flag ?? '--out'} ${current?.path ?? ''}`,
      problem: `The results could not be ${step === 'write' ? 'written' : 'moved into place'} (${codeOf(e)}).${done}`,
      fix: 'Check the free space and the folder\'s permissions, then run again.',
    };
  }
}

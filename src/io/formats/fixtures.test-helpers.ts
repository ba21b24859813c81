/** Test helper: the I/O fixtures made by tests/fixtures/io/make-fixtures.sh. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../tests/fixtures/io/', import.meta.url));
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(FIXTURE_DIR + name));

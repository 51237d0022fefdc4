import { afterAll, describe, expect, it } from '@jest/globals';
import { ScanPool } from '../../src/detect/pool.js';
import { evidenceOf } from '../../src/detect/finding.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { createFake } from '../support/fake.js';

const fake = createFake(7);

describe('ScanPool', () => {
  const keys = Array.from({ length: 40 }, () => `AKIA${fake.chars('A', 16)}`);
  const sources = keys.map((key, i) => ({
    path: `src/file${i}.ts`,
    // padding makes the batch large enough to be split across workers
    text: `${'const filler = 1;\n'.repeat(3000)}const id = "${key}";\n`,
  }));
  const workers = new ScanPool({ config: DEFAULT_CONFIG, threads: 2, inlineBelow: 0 });
  const inline = new ScanPool({ config: DEFAULT_CONFIG, threads: 0 });
  afterAll(() => workers.close());

  it('finds the same things in worker threads as inline, with evidence kept in memory', async () => {
    const [a, b] = await Promise.all([workers.scan(sources), inline.scan(sources)]);
    expect(a).toHaveLength(40);
    expect(a.map((f) => [f.path, f.startLine, f.fingerprint])).toEqual(b.map((f) => [f.path, f.startLine, f.fingerprint]));
    expect(a.every((f, i) => evidenceOf(f)?.secret === keys[i])).toBe(true);
    expect(a[0]!.startLine).toBe(3001);
  });

  it('applies the configuration: ignored paths and allowed fingerprints come back suppressed', async () => {
    const first = (await inline.scan(sources.slice(0, 2)))[0]!;
    const pool = new ScanPool({
      config: { ...DEFAULT_CONFIG, paths: { ignore: ['src/file1.*'] }, allow: { fingerprints: [{ fingerprint: first.fingerprint, reason: 'test key' }] } },
      threads: 0,
    });
    const findings = await pool.scan(sources.slice(0, 3));
    expect(findings.map((f) => f.suppression?.by)).toEqual(['fingerprint', 'path', undefined]);
    expect(findings[0]!.suppression?.detail).toBe('test key');
  });
});

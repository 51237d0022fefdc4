/** The CLI's parts that need no process: batching (bounded memory), progress line, sizes. */
import { describe, expect, it, jest } from '@jest/globals';
import { BATCH_CHARS, scanInBatches } from '../../src/cli/batches.js';
import { Progress } from '../../src/cli/progress.js';
import { formatSize, parseSize } from '../../src/cli/size.js';
import { UserError } from '../../src/cli/errors.js';
import { evidenceOf, type Finding } from '../../src/detect/finding.js';
import { Scanner, type Source } from '../../src/detect/scanner.js';
import { createFake } from '../support/fake.js';

describe('scanInBatches', () => {
  function* manySources(count: number, size: number): Generator<Source> {
    for (let i = 0; i < count; i++) yield { path: `f${i}.txt`, text: 'x'.repeat(size) };
  }

  it('sends bounded batches, one scan at a time, and keeps only findings', async () => {
    const batches: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const pool = {
      async scan(sources: readonly Source[]): Promise<Finding[]> {
        running++;
        maxRunning = Math.max(maxRunning, running);
        batches.push(sources.reduce((n, s) => n + s.text.length, 0));
        await new Promise((r) => setTimeout(r, 1));
        running--;
        return [];
      },
    };
    const findings = await scanInBatches(manySources(100, 1000), pool, 10_000);
    expect(findings).toEqual([]);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...batches)).toBeLessThanOrEqual(10_000);
    expect(batches.length).toBe(10);
    expect(maxRunning).toBe(1);
    expect(BATCH_CHARS).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('returns findings without the evidence the engine keeps', async () => {
    const fake = createFake(5);
    const scanner = new Scanner();
    const pool = { scan: async (sources: readonly Source[]) => sources.flatMap((s) => scanner.scan(s)) };
    const key = 'AKIA' + fake.chars('A', 16);
    const [finding, ...rest] = await scanInBatches([{ path: 'a.js', text: `k = "${key}"` }], pool);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'aws-access-key-id', path: 'a.js', startColumn: 6 });
    expect(evidenceOf(finding!)).toBeUndefined();
  });
});

describe('Progress', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { isTTY, writes, write: (text: string) => writes.push(text) > 0 };
  };

  it('stays silent when stderr is not a terminal', () => {
    jest.useFakeTimers();
    try {
      const s = stream(false);
      const progress = new Progress(s);
      progress.add(3, 2048);
      jest.advanceTimersByTime(5000);
      progress.done();
      expect(s.writes).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows files and size after a second on a terminal, and clears the line at the end', () => {
    jest.useFakeTimers();
    try {
      const s = stream(true);
      const progress = new Progress(s);
      progress.add(2, 3 * 1024 * 1024);
      jest.advanceTimersByTime(800);
      expect(s.writes).toEqual([]);
      jest.advanceTimersByTime(400);
      expect(s.writes.at(-1)).toBe('\r\x1b[Kscanning: 2 files, 3 MB');
      progress.done();
      expect(s.writes.at(-1)).toBe('\r\x1b[K');
      const count = s.writes.length;
      jest.advanceTimersByTime(5000);
      expect(s.writes).toHaveLength(count);
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes nothing at the end of a short scan', () => {
    const s = stream(true);
    new Progress(s).done();
    expect(s.writes).toEqual([]);
  });
});

describe('sizes', () => {
  it.each([
    ['5MB', 5 * 1024 * 1024],
    ['500k', 500 * 1024],
    ['1.5 mb', 1.5 * 1024 * 1024],
    ['1048576', 1048576],
    ['2GB', 2 * 1024 ** 3],
  ])('parses %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'lots', '5 parsecs', '-1MB'])('rejects %j', (text) => expect(() => parseSize(text)).toThrow(UserError));

  it.each([
    [5 * 1024 * 1024, '5 MB'],
    [1536, '1.5 KB'],
    [20, '20 B'],
    [3 * 1024 ** 3, '3 GB'],
  ])('formats %d as %s', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});

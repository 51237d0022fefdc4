import { describe, it, expect } from '@jest/globals';
import { parseUnifiedDiff, parsePatch } from '../../src/diff/index.js';

/** A git diff of many files, each with one 200-line hunk, totalling at least `megabytes`. */
function bigDiff(megabytes: number): { text: string; addedLines: number } {
  const parts: string[] = [];
  let size = 0;
  let addedLines = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const body: string[] = [];
    for (let k = 0; k < 200; k++) {
      if (k % 3 === 0) body.push(` context line ${k}`);
      else if (k % 3 === 1) body.push(`-old line ${k}`);
      else body.push(`+new line with some content ${k}`);
    }
    addedLines += 66;
    const part = `diff --git a/dir/file${i}.ts b/dir/file${i}.ts\nindex 1..2 100644\n--- a/dir/file${i}.ts\n+++ b/dir/file${i}.ts\n@@ -1,134 +1,133 @@ fn\n${body.join('\n')}\n`;
    parts.push(part);
    size += part.length;
  }
  return { text: parts.join(''), addedLines };
}

describe('performance', () => {
  it('parses a 50 MB diff in linear time', () => {
    const { text, addedLines } = bigDiff(50);
    const started = performance.now();
    const files = parseUnifiedDiff(text);
    const elapsed = performance.now() - started;
    expect(files.reduce((sum, f) => sum + f.blocks.reduce((s, b) => s + b.lines.length, 0), 0)).toBe(addedLines);
    // About 1 s on a laptop; the bound is loose so a busy CI machine does not flake.
    expect(elapsed).toBeLessThan(8000);
  });

  it('handles pathological lines without slowing down', () => {
    const started = performance.now();
    parsePatch('x', '@@ -1 +1 @@\n-' + 'a'.repeat(1_000_000) + '\n+' + ' @@ -'.repeat(2_000_000));
    parseUnifiedDiff('diff --git ' + 'a b '.repeat(500_000) + 'x\nrename from x\nrename to y\n');
    parseUnifiedDiff('diff --git "' + '\\303\\251'.repeat(300_000) + '" "b"\nold mode 100644\nnew mode 100755\n');
    expect(() => parsePatch('x', '@@ -1 +1 @@' + '@'.repeat(1_000_000))).toThrow('line 1');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

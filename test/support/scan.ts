import { Scanner } from '../../src/detect/scanner.js';
import type { Finding } from '../../src/detect/finding.js';
import type { Sample } from '../../src/detect/rule.js';

const shared = new Scanner();

/** Scan one sample with the whole catalog, as a file would be scanned. */
export function scanSample(sample: Sample, scanner: Scanner = shared): Finding[] {
  const { path, text } = typeof sample === 'string' ? { path: 'sample.txt', text: sample } : sample;
  return scanner.scan({ path, text });
}

/** The reported (unsuppressed) findings of a sample, as rule id and line: what family tests assert. */
export function reported(sample: Sample): { ruleId: string; line: number }[] {
  return scanSample(sample)
    .filter((f) => f.suppression === undefined)
    .map((f) => ({ ruleId: f.ruleId, line: f.startLine }));
}

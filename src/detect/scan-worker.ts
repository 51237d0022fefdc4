/**
 * Runs in a worker thread: scans a batch of sources with the scanner a configuration asks for.
 * Evidence does not survive structured clone, so it travels beside each finding, in memory only.
 */
import type { RepositoryConfig } from '../config/schema.js';
import { evidenceOf, type Evidence, type Finding } from './finding.js';
import { scannerFor } from './policy.js';
import type { Source } from './scanner.js';

export interface ScanTask {
  readonly config: RepositoryConfig;
  readonly fingerprintKey?: string;
  readonly sources: readonly Source[];
}

export interface ScannedFinding {
  readonly finding: Finding;
  readonly evidence: Evidence;
}

export default function scanTask(task: ScanTask): ScannedFinding[] {
  const scanner = scannerFor(task.config, task.fingerprintKey);
  const out: ScannedFinding[] = [];
  for (const source of task.sources) {
    for (const finding of scanner.scan(source)) out.push({ finding, evidence: evidenceOf(finding)! });
  }
  return out;
}

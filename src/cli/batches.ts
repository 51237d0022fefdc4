/**
 * Sources go to the scan pool in batches of bounded size, and only findings are kept, so a scan's
 * memory does not grow with the size of the tree. One batch is scanned while the next one is read.
 */
import type { Finding } from '../detect/finding.js';
import type { Source } from '../detect/scanner.js';

export interface BatchScanner {
  scan(sources: readonly Source[]): Promise<Finding[]>;
}

/** Text per pool.scan call (characters, ~bytes for source code). */
export const BATCH_CHARS = 8 * 1024 * 1024;

/**
 * A copy without the evidence the engine keeps beside each finding (secret and line). Reports never
 * use it, and a line can be a slice that pins its whole file's text in memory.
 */
function withoutEvidence(finding: Finding): Finding {
  return { ...finding };
}

/**
 * `inlineFirst`: the characters the pool scans inline before it uses workers (ScanPool's option of
 * that name). Until they are spent each source goes to the pool on its own, so its text is garbage
 * as soon as it is scanned: held in a batch, it would survive young-generation collections and be
 * copied by each of them.
 */
export async function scanInBatches(
  sources: AsyncIterable<Source> | Iterable<Source>,
  pool: BatchScanner,
  batchChars = BATCH_CHARS,
  inlineFirst = 0,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let batch: Source[] = [];
  let size = 0;
  let inlineLeft = inlineFirst;
  const flush = async () => {
    const current = batch;
    batch = [];
    size = 0;
    await inFlight; // at most one batch scanning and one being read
    inFlight = pool.scan(current).then((found) => {
      for (const f of found) findings.push(withoutEvidence(f));
    });
  };
  for await (const source of sources) {
    batch.push(source);
    size += source.text.length;
    if (inlineLeft > 0 && batch.length === 1 && size <= inlineLeft) {
      inlineLeft -= size;
      await flush();
    } else if (size >= batchChars) {
      inlineLeft = 0;
      await flush();
    }
  }
  if (batch.length > 0) await flush();
  await inFlight;
  return findings;
}

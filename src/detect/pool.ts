/**
 * Scanning off the event loop: small batches are scanned inline (a worker round-trip would cost
 * more), large ones are split across a pool of worker threads so a server keeps answering webhooks
 * and a CLI uses every core.
 */
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { RepositoryConfig } from '../config/schema.js';
import { attachEvidence, type Finding } from './finding.js';
import { policyOf, scannerFor } from './policy.js';
import type { Source } from './scanner.js';
import type { ScannedFinding, ScanTask } from './scan-worker.js';

export interface ScanPoolOptions {
  readonly config: RepositoryConfig;
  readonly fingerprintKey?: string;
  /** worker threads (default: available cores); 0 scans everything inline */
  readonly threads?: number;
  /** batches smaller than this many characters are scanned inline */
  readonly inlineBelow?: number;
  /**
   * Characters to scan inline before any worker is used. Each worker thread pays its own start and
   * JIT warm-up (about 0.1 s), which only pays off on large scans; a CLI sets this, a server (whose
   * event loop must stay free) does not.
   */
  readonly inlineFirst?: number;
}

/** Text per task sent to a worker: large enough to amortise the copy, small enough to spread load. */
const CHUNK_CHARS = 2 * 1024 * 1024;

/**
 * A worker holds one chunk and its findings at a time; a bounded old generation makes V8 collect
 * instead of growing the heap with every chunk it has seen (the process's memory stays flat).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

export class ScanPool {
  private readonly options: ScanPoolOptions;
  private readonly policy: (findings: readonly Finding[]) => Finding[];
  private workers: Promise<Piscina> | undefined;
  private scannedInline = 0;

  constructor(options: ScanPoolOptions) {
    this.options = options;
    this.policy = policyOf(options.config);
  }

  async scan(sources: readonly Source[]): Promise<Finding[]> {
    const size = sources.reduce((n, s) => n + s.text.length, 0);
    const threads = this.threads();
    const inline =
      threads === 0 ||
      size < (this.options.inlineBelow ?? 256 * 1024) ||
      this.scannedInline + size <= (this.options.inlineFirst ?? 0);
    if (inline) this.scannedInline += size;
    const findings = inline ? this.scanInline(sources) : await this.scanInWorkers(sources, threads);
    return this.policy(findings);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    await (await workers)?.destroy();
  }

  private scanInline(sources: readonly Source[]): Finding[] {
    const scanner = scannerFor(this.options.config, this.options.fingerprintKey);
    return sources.flatMap((s) => scanner.scan(s));
  }

  private threads(): number {
    return this.options.threads ?? availableParallelism();
  }

  /** Piscina is loaded only here: most CLI runs never start a worker, and its modules cost ~10 ms. */
  private workersFor(threads: number): Promise<Piscina> {
    this.workers ??= import('piscina').then(
      ({ Piscina }) =>
        new Piscina({ ...workerFile(), maxThreads: threads, minThreads: threads, idleTimeout: 30_000, resourceLimits: WORKER_LIMITS }),
    );
    return this.workers;
  }

  private async scanInWorkers(sources: readonly Source[], threads: number): Promise<Finding[]> {
    const workers = await this.workersFor(threads);
    const chunks: Source[][] = [[]];
    let chunkChars = 0;
    for (const source of sources) {
      if (chunkChars > 0 && chunkChars + source.text.length > CHUNK_CHARS) {
        chunks.push([]);
        chunkChars = 0;
      }
      chunks[chunks.length - 1]!.push(source);
      chunkChars += source.text.length;
    }
    const { config, fingerprintKey } = this.options;
    const results = await Promise.all(
      chunks.map((chunk) => {
        const task: ScanTask = { config, sources: chunk, ...(fingerprintKey ? { fingerprintKey } : {}) };
        return workers.run(task) as Promise<ScannedFinding[]>;
      }),
    );
    return results.flat().map(({ finding, evidence }) => attachEvidence(finding, evidence));
  }
}

/**
 * The worker module next to this one. Built code runs it as JavaScript; from TypeScript sources
 * (tests, tsx) the worker needs the same loader the parent has.
 */
function workerFile(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './scan-worker.ts' : './scan-worker.js', import.meta.url).href;
  return fromSource ? { filename, execArgv: ['--import', 'tsx'] } : { filename };
}

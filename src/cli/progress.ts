/**
 * A progress line on stderr for long scans: only on a terminal, only after the first second (short
 * scans stay quiet), redrawn in place and erased at the end so it never mixes with the report.
 */
import { plural } from '../report/summary.js';
import type { CliStream } from './io.js';
import { formatSize } from './size.js';

const DELAY_MS = 1000;
const REDRAW_MS = 200;

export class Progress {
  private files = 0;
  private bytes = 0;
  private shown = false;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: CliStream) {
    if (!stream.isTTY) return;
    const started = Date.now();
    this.timer = setInterval(() => {
      if (Date.now() - started >= DELAY_MS) this.draw();
    }, REDRAW_MS);
    // The timer must not keep the process alive on its own.
    this.timer.unref();
  }

  add(files: number, bytes: number): void {
    this.files += files;
    this.bytes += bytes;
  }

  private draw(): void {
    this.shown = true;
    this.stream.write(`\r\x1b[Kscanning: ${plural(this.files, 'file')}, ${formatSize(this.bytes)}`);
  }

  done(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

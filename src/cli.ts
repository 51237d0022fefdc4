#!/usr/bin/env node
/** The `secret-review` command (see cli/main.ts); package.json "bin" points at its build. */
import { main } from './cli/main.js';

// A reader that goes away early (`| head`) is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// exitCode rather than exit(): pending output is flushed before the process ends.
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});

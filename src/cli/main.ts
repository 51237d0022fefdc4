/**
 * The command line: `scan`, `rules`, `install-hook`. Exit codes: 0 nothing blocking, 1 blocking
 * findings, 2 the run could not do what was asked (bad usage, unreadable input, invalid config), with
 * one line on stderr saying why.
 */
import { Command, CommanderError, Option } from 'commander';
import { FORMATS } from '../report/index.js';
import { UserError } from './errors.js';
import type { CliIo } from './io.js';
import { DEFAULT_MAX_FILE_SIZE, scanCommand, type ScanOptions } from './scan-command.js';
import { toolVersion } from './version.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

function program(io: CliIo, setExit: (code: number) => void): Command {
  const cli = new Command('secret-review')
    .description('Find hard-coded credentials and say how to remove, replace or rotate them.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // main() prints the error itself, as one line
      outputError: () => undefined,
    });

  cli
    .command('scan')
    .description('scan files and directories (default: .), a diff, or the staged changes')
    .argument('[paths...]', 'files and directories; .gitignore rules apply inside directories')
    .option('--diff <file>', 'scan the added lines of a unified diff (- reads standard input)')
    .option('--staged', 'scan the changes staged for commit (for a pre-commit hook)')
    .option('--config <file>', 'configuration file (default: .github/secret-review.yml if present)')
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--no-color', 'no colours in the text report')
    .option('--show-suppressed', 'list suppressed findings too (they are always counted)')
    .option('--max-file-size <size>', 'skip files larger than this', DEFAULT_MAX_FILE_SIZE)
    .action(async (paths: string[], options: ScanOptions) => setExit(await scanCommand(paths, options, io)));

  cli
    .command('rules')
    .description('list the rule catalog: id, kind, severity, strategy, title')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { format: 'text' | 'json' }) => {
      // Each command loads what only it needs when it runs: a scan (the pre-commit hook) starts sooner.
      const { renderRules } = await import('./rules-command.js');
      io.stdout.write(renderRules(options.format));
      setExit(EXIT_CLEAN);
    });

  cli
    .command('install-hook')
    .description('install a git pre-commit hook that runs `secret-review scan --staged`')
    .option('--force', 'replace an existing pre-commit hook not written by secret-review')
    .action(async (options: { force?: boolean }) => {
      const { installHook } = await import('./install-hook.js');
      const { path, outcome } = await installHook(io.cwd, options.force ?? false);
      io.stdout.write(
        outcome === 'unchanged' ? `pre-commit hook already installed at ${path}\n` : `pre-commit hook ${outcome} at ${path}\n`,
      );
      setExit(EXIT_CLEAN);
    });
  return cli;
}

function oneLine(text: string): string {
  return text
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_CLEAN;
  const fail = (message: string) => {
    io.stderr.write(`secret-review: ${oneLine(message)}\n`);
    return EXIT_ERROR;
  };
  if (argv.length === 0) return fail('missing command: scan, rules or install-hook (see secret-review --help)');
  try {
    await program(io, (code) => (exitCode = code)).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end in a CommanderError too, with exit code 0
      return error.exitCode === 0 ? EXIT_CLEAN : fail(error.message);
    }
    if (error instanceof UserError) return fail(error.message);
    // A bug, not a user error: still one line, with the trace on request.
    if (io.env['SECRET_REVIEW_DEBUG'] && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return fail(`internal error: ${error instanceof Error ? error.message : String(error)} (set SECRET_REVIEW_DEBUG=1 for details)`);
  }
}

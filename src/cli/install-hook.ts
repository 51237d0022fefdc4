/**
 * `secret-review install-hook`: a git pre-commit hook that scans what is staged. It goes where git
 * looks for hooks (`git rev-parse --git-path hooks` honours core.hooksPath and worktrees). A hook we
 * wrote is rewritten freely; anybody else's is only replaced with --force.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describeFsError, UserError } from './errors.js';
import { runGit } from './diff-sources.js';

export const HOOK_MARKER = '# Installed by `secret-review install-hook`';

export const HOOK_SCRIPT = `#!/bin/sh
${HOOK_MARKER}: blocks commits that add hard-coded credentials.
# Skip it once with \`git commit --no-verify\`; delete this file to uninstall.
exec npx --no-install secret-review scan --staged
`;

export interface InstallResult {
  readonly path: string;
  readonly outcome: 'installed' | 'updated' | 'unchanged' | 'replaced';
}

export async function installHook(cwd: string, force: boolean): Promise<InstallResult> {
  const hooksDir = resolve(cwd, (await runGit(['rev-parse', '--git-path', 'hooks'], cwd)).trim());
  const path = join(hooksDir, 'pre-commit');
  const shown = relative(cwd, path) || path;
  let existing: string | undefined;
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserError(`cannot read ${shown}: ${describeFsError(error)}`);
    }
  }
  const ours = existing?.includes(HOOK_MARKER) ?? false;
  if (existing !== undefined && !ours && !force) {
    throw new UserError(`${shown} exists and was not written by secret-review; use --force to replace it`);
  }
  try {
    await mkdir(hooksDir, { recursive: true });
    if (existing !== HOOK_SCRIPT) await writeFile(path, HOOK_SCRIPT);
    await chmod(path, 0o755);
  } catch (error) {
    throw new UserError(`cannot write ${shown}: ${describeFsError(error)}`);
  }
  const outcome =
    existing === undefined ? 'installed' : existing === HOOK_SCRIPT ? 'unchanged' : ours ? 'updated' : 'replaced';
  return { path: shown, outcome };
}

/**
 * Errors the user can fix (a wrong option, a missing file, a malformed diff, an invalid config): the
 * CLI prints their message as one line and exits 2, without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** `ENOENT` and friends in words, for "cannot read X: ..." messages. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

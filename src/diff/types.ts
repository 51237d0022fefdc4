export interface AddedBlock {
  /** head-side (new file) line number of the first line in `lines` (1-based) */
  startLine: number;
  /** consecutive added lines, without the leading '+', without trailing \r or \n */
  lines: string[];
  /** the head-side line right before this block when the diff shows it as a context line, else undefined */
  precedingLine?: string;
}

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

export interface ChangedFile {
  /** head-side path (for deleted files: the old path) */
  path: string;
  /** base-side path when it differs (renames, copies) */
  previousPath?: string;
  status: FileStatus;
  binary: boolean;
  /** only a mode change, no content */
  modeOnly: boolean;
  /** consecutive added lines grouped together, in order; deleted/context lines are never included */
  blocks: AddedBlock[];
}

/** Thrown for input that is not a diff we can trust; `line` is the 1-based line of the input. */
export class DiffError extends Error {
  readonly line: number;
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(`malformed diff at line ${line}: ${reason}`);
    this.name = 'DiffError';
    this.line = line;
    this.reason = reason;
  }
}

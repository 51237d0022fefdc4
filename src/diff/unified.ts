import type { ChangedFile, FileStatus } from './types.js';
import { DiffError } from './types.js';
import { LineReader } from './lines.js';
import { BlockCollector, readHunks } from './hunks.js';
import { parseMarkerName, parsePlainName, splitGitHeaderNames, stripPrefix } from './paths.js';

/** What the header lines of one file said; names are kept apart by source so the most reliable one wins. */
interface FileHeader {
  headerLine: number;
  /** `diff --git` names, prefixes removed (may be missing when ambiguous) */
  gitOld?: string;
  gitNew?: string;
  /** names from "--- "/"+++ "; null means /dev/null */
  minus?: string | null;
  plus?: string | null;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  created: boolean;
  deleted: boolean;
  modeChanged: boolean;
  binary: boolean;
  /** false when the diff was made with --no-prefix ("diff --git x x") */
  hasPrefix: boolean;
}

function newHeader(headerLine: number): FileHeader {
  return { headerLine, created: false, deleted: false, modeChanged: false, binary: false, hasPrefix: true };
}

/** Parses full `git diff` output (any number of files). Plain `diff -u` style "---/+++" files are accepted too. */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const reader = new LineReader(text);
  const files: ChangedFile[] = [];
  for (;;) {
    reader.skipBlankLines(true);
    const line = reader.peek();
    if (line === undefined) return files;
    if (line.startsWith('diff --git ')) {
      files.push(readGitFile(reader));
    } else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      throw new DiffError(reader.lineNumber, 'combined (merge) diffs are not supported');
    } else if (line.startsWith('--- ') || line.startsWith('diff ')) {
      files.push(readPlainFile(reader));
    } else {
      throw new DiffError(reader.lineNumber, `file header expected ("diff --git" or "---")`);
    }
  }
}

/** A file that starts with "diff --git": extended header lines, then hunks or a binary notice. */
function readGitFile(reader: LineReader): ChangedFile {
  const header = newHeader(reader.lineNumber);
  const names = splitGitHeaderNames((reader.peek() ?? '').slice('diff --git '.length));
  if (names) {
    header.hasPrefix = names.oldName !== names.newName;
    header.gitOld = header.hasPrefix ? stripPrefix(names.oldName) : names.oldName;
    header.gitNew = header.hasPrefix ? stripPrefix(names.newName) : names.newName;
  }
  reader.advance();

  while (readExtendedHeader(reader, header)) reader.advance();

  const collector = new BlockCollector();
  let hunkCount = 0;
  const line = reader.peek();
  if (line?.startsWith('Binary files ')) {
    header.binary = true;
    reader.advance();
  } else if (line === 'GIT binary patch') {
    header.binary = true;
    // The base85 payload carries no line of text we scan; skip it up to the next file.
    reader.advance();
    while (!reader.done && !(reader.peek() ?? '').startsWith('diff ')) reader.advance();
  } else if (line?.startsWith('--- ')) {
    readMarkers(reader, header);
    hunkCount = readHunks(reader, collector);
    if (hunkCount === 0) throw new DiffError(reader.lineNumber, 'hunk header expected');
  } else if (line?.startsWith('@@')) {
    throw new DiffError(reader.lineNumber, '"---" and "+++" lines expected before the first hunk');
  }
  // A rename that also changes the mode but no content counts as mode-only too: nothing to scan.
  const modeOnly = header.modeChanged && !header.binary && hunkCount === 0;
  return buildFile(header, collector, modeOnly);
}

/** Consumes one extended header line ("index", "new file mode", "rename from", ...) if it is one. */
function readExtendedHeader(reader: LineReader, header: FileHeader): boolean {
  const line = reader.peek();
  if (line === undefined) return false;
  const name = (prefix: string): string => {
    const value = parsePlainName(line.slice(prefix.length));
    if (value === undefined) throw new DiffError(reader.lineNumber, `bad file name after "${prefix.trim()}"`);
    return value;
  };
  if (line.startsWith('index ') || line.startsWith('similarity index ') || line.startsWith('dissimilarity index ')) {
    return true;
  } else if (line.startsWith('old mode ') || line.startsWith('new mode ')) {
    header.modeChanged = true;
  } else if (line.startsWith('new file mode ')) {
    header.created = true;
  } else if (line.startsWith('deleted file mode ')) {
    header.deleted = true;
  } else if (line.startsWith('rename from ')) {
    header.renameFrom = name('rename from ');
  } else if (line.startsWith('rename to ')) {
    header.renameTo = name('rename to ');
  } else if (line.startsWith('rename old ')) {
    header.renameFrom = name('rename old '); // spelling of git before 1.5
  } else if (line.startsWith('rename new ')) {
    header.renameTo = name('rename new ');
  } else if (line.startsWith('copy from ')) {
    header.copyFrom = name('copy from ');
  } else if (line.startsWith('copy to ')) {
    header.copyTo = name('copy to ');
  } else {
    return false;
  }
  return true;
}

/** Reads the "--- old" and "+++ new" pair at the reader's position. */
function readMarkers(reader: LineReader, header: FileHeader): void {
  const minus = parseMarkerName((reader.peek() ?? '').slice(4));
  if (minus === undefined) throw new DiffError(reader.lineNumber, 'bad file name after "---"');
  reader.advance();
  const plusLine = reader.peek();
  if (!plusLine?.startsWith('+++ ')) throw new DiffError(reader.lineNumber, '"+++" line expected after "---"');
  const plus = parseMarkerName(plusLine.slice(4));
  if (plus === undefined) throw new DiffError(reader.lineNumber, 'bad file name after "+++"');
  reader.advance();
  header.minus = minus === null || !header.hasPrefix ? minus : stripPrefix(minus);
  header.plus = plus === null || !header.hasPrefix ? plus : stripPrefix(plus);
}

/** A file in plain `diff -u` form: optional "diff ..." command line, "---", "+++", hunks. */
function readPlainFile(reader: LineReader): ChangedFile {
  const header = newHeader(reader.lineNumber);
  if (reader.peek()?.startsWith('diff ')) reader.advance();
  if (!reader.peek()?.startsWith('--- ')) throw new DiffError(reader.lineNumber, '"---" line expected');
  readMarkers(reader, header);
  const collector = new BlockCollector();
  if (readHunks(reader, collector) === 0) throw new DiffError(reader.lineNumber, 'hunk header expected');
  return buildFile(header, collector, false);
}

function buildFile(header: FileHeader, collector: BlockCollector, modeOnly: boolean): ChangedFile {
  let status: FileStatus = 'modified';
  if (header.created || header.minus === null) status = 'added';
  else if (header.deleted || header.plus === null) status = 'deleted';
  else if (header.renameFrom !== undefined || header.renameTo !== undefined) status = 'renamed';
  else if (header.copyFrom !== undefined || header.copyTo !== undefined) status = 'copied';

  // Explicit rename/copy lines beat ---/+++ names, which beat the ambiguous "diff --git" line.
  const oldPath = header.renameFrom ?? header.copyFrom ?? header.minus ?? header.gitOld;
  const newPath = header.renameTo ?? header.copyTo ?? header.plus ?? header.gitNew;
  const path = status === 'deleted' ? oldPath : newPath;
  if (!path) throw new DiffError(header.headerLine, 'cannot tell the file name from the header');

  const file: ChangedFile = {
    path,
    status,
    binary: header.binary,
    modeOnly,
    blocks: collector.blocks,
  };
  if ((status === 'renamed' || status === 'copied') && oldPath !== undefined && oldPath !== path) {
    file.previousPath = oldPath;
  }
  return file;
}

/**
 * Where an offset sits in a YAML (or JSON) file: the keys from the document root down to the node
 * that holds it, and the collections on the way, so edits can ask "is this the MasterUserPassword of
 * an AWS::RDS::DBInstance?" or "which `name:` is beside this `value:`?".
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';

export type PathKey = string | number;

export interface YamlPlace {
  readonly doc: Document;
  /** keys from the root to the innermost node containing the offset */
  readonly path: readonly PathKey[];
  /** collections along the path: nodes[i] is the collection in which path[i] is looked up */
  readonly nodes: readonly Node[];
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range !== undefined && range[0] <= offset && offset < range[2];
}

function keyOf(key: unknown): PathKey {
  return isScalar(key) ? String(key.value) : String(key);
}

/** The place of `offset` in `text`, or undefined when the text does not parse as YAML. */
export function yamlPlaceOf(text: string, offset: number): YamlPlace | undefined {
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { prettyErrors: false }) as Document[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs)) return undefined;
  const doc = docs.find((d) => d.range !== undefined && d.range[0] <= offset && offset <= d.range[2]) ?? docs[docs.length - 1];
  if (!doc || doc.errors.length > 0) return undefined;
  const path: PathKey[] = [];
  const nodes: Node[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (contains(p.value, offset) || contains(p.key, offset)));
      if (!pair) break;
      nodes.push(node);
      path.push(keyOf(pair.key));
      node = contains(pair.value, offset) ? pair.value : undefined;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index === -1) break;
      nodes.push(node);
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return { doc, path, nodes };
}

/** A scalar value at `key` in a map node, as a string. */
export function scalarIn(node: Node | undefined, key: string): string | undefined {
  if (!node || !isMap(node)) return undefined;
  const value = node.get(key, true);
  return isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : undefined;
}

/** Whether a whole text parses as YAML (every document) without errors. */
export function parsesAsYaml(text: string): boolean {
  try {
    return parseAllDocuments(text).every((d) => d.errors.length === 0);
  } catch {
    return false;
  }
}

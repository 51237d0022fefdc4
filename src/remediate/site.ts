/**
 * Everything remediation knows about where a finding sits: the file type, the finding's lines in the
 * head file, the secret's place in them, the name it is written under, the enclosing blocks or YAML
 * path, and the names the fix will use. Built once per finding; the secret stays in memory.
 */
import { evidenceOf, type Finding } from '../detect/finding.js';
import type { Kind } from '../detect/rule.js';
import { fileTypeOf, type FileType } from './file-type.js';
import type { Located } from './literal.js';
import { enclosingLiteral } from './literal.js';
import { keyBefore, qualifierFromHeader } from './key-name.js';
import { envName, isGenericName, nameFromRule, secretNameFor } from './names.js';
import { enclosingHeaders, lineOffsets, splitLines } from './text.js';
import { scalarIn, yamlPlaceOf, type YamlPlace } from './yaml-place.js';
import type { RemediationContext } from './types.js';

export interface Site {
  readonly finding: Finding;
  /** the kind as the context shows it (a generic secret under `secret_key` in an AWS provider is an AWS key) */
  readonly kind: Kind;
  /** in memory only: the raw credential, when evidence or the file text holds it */
  readonly secret?: string;
  readonly path: string;
  readonly repo?: string;
  readonly file: FileType;
  readonly fileText?: string;
  readonly fileLines?: readonly string[];
  /** the finding's lines and the secret's columns; undefined when they cannot be placed safely */
  readonly located?: Located;
  /** offset of the secret in fileText, when known */
  readonly offset?: number;
  /** the name the credential is written under, as written (e.g. `spring.datasource.password`) */
  readonly key?: string;
  /** the environment variable / CI secret name the fix reads, e.g. DB_PASSWORD */
  readonly variable: string;
  readonly secretName: string;
  /** headers of enclosing `{` blocks (Terraform, code), outermost first */
  readonly blocks: readonly string[];
  readonly yaml?: YamlPlace;
  /** the PEM label (`RSA PRIVATE KEY`) of a private key */
  readonly pemLabel?: string;
}

function locate(finding: Finding, fileLines: readonly string[] | undefined, secret: string | undefined, evidenceLine: string | undefined): Located | undefined {
  const start = finding.startColumn - 1;
  const end = finding.endColumn - 1;
  if (fileLines) {
    const lines = fileLines.slice(finding.startLine - 1, finding.endLine);
    if (lines.length === finding.endLine - finding.startLine + 1) {
      const joined = lines.join('\n');
      const lastStart = joined.length - lines[lines.length - 1]!.length;
      const found = joined.slice(start, lastStart + end);
      if (secret === undefined || found === secret.replace(/\r/g, '')) return { firstLine: finding.startLine, lines, start, end };
    }
  }
  if (evidenceLine !== undefined && finding.startLine === finding.endLine) {
    if (secret === undefined || evidenceLine.slice(start, end) === secret) return { firstLine: finding.startLine, lines: [evidenceLine], start, end };
  }
  return undefined;
}

/** Keys that only group their children: the name inside them is the one that counts. */
const STRUCTURAL = /^(?:env|environment|with|data|stringData|properties|Properties|Variables|variables|spec|config|configuration|settings|secrets|values|parameters|Parameters|containers|steps|jobs|services|Resources|default|credentials)$/;

export function buildSite(finding: Finding, context: RemediationContext): Site {
  const evidence = evidenceOf(finding);
  const fileText = context.fileText;
  const fileLines = fileText === undefined ? undefined : splitLines(fileText);
  const file = fileTypeOf(context.path, fileText);
  let secret = evidence?.secret;
  const located = locate(finding, fileLines, secret, evidence?.line);
  if (secret === undefined && located && fileLines) {
    const joined = located.lines.join('\n');
    secret = joined.slice(located.start, joined.length - located.lines[located.lines.length - 1]!.length + located.end);
  }

  let offset: number | undefined;
  if (fileText !== undefined && located) {
    const starts = lineOffsets(fileText);
    const lineStart = starts[located.firstLine - 1];
    if (lineStart !== undefined) offset = lineStart + located.start;
  }

  const language = file.language;
  const yaml = (language === 'yaml' || language === 'json') && fileText !== undefined && offset !== undefined ? yamlPlaceOf(fileText, offset) : undefined;
  const braceLanguage = language !== 'yaml' && language !== 'json' && language !== 'python' && language !== 'dotenv' && language !== 'properties';
  const blocks = fileText !== undefined && offset !== undefined && braceLanguage ? enclosingHeaders(fileText, offset, language) : [];

  // the name on the line, left of the literal (or of the secret when it is not quoted)
  let key: string | undefined;
  let positional = false;
  const firstLine = located?.lines[0] ?? evidence?.line;
  if (firstLine !== undefined) {
    const lit = located ? enclosingLiteral(located, language) : undefined;
    let cut = lit ? lit.start : finding.startColumn - 1;
    // an unquoted URL with the secret inside: the name is left of the URL, not of the password
    const url = lit ? null : /[A-Za-z][\w+.-]{0,40}:\/\/\S*$/.exec(firstLine.slice(0, cut));
    if (url) cut = url.index;
    if (located && !lit && located.lines.length > 1 && firstLine.slice(0, cut).trim() === '') cut = -1;
    if (cut >= 0) {
      const kb = keyBefore(firstLine.slice(0, cut), language);
      key = kb.key;
      positional = kb.positional;
    }
  }
  // YAML / JSON: the key path knows better than the line (block scalars, `name:`/`value:` pairs)
  let qualifier: string | undefined;
  if (yaml && yaml.path.length > 0) {
    const last = yaml.path[yaml.path.length - 1];
    const parentNode = yaml.nodes[yaml.nodes.length - 1];
    if (typeof last === 'string') key = last;
    if (last === 'value' && scalarIn(parentNode, 'name')) key = scalarIn(parentNode, 'name');
    for (let i = yaml.path.length - 2; i >= 0; i--) {
      const k = yaml.path[i];
      if (typeof k === 'string' && !STRUCTURAL.test(k)) {
        qualifier = k;
        break;
      }
      if (typeof k === 'string') break;
    }
  } else if (blocks.length > 0) {
    qualifier = qualifierFromHeader(blocks[blocks.length - 1]!, language);
  } else if (language === 'xml' && fileLines && located) {
    qualifier = xmlSiblingId(fileLines, located.firstLine - 1);
  }
  if (key && key.includes('.') && !['properties', 'yaml', 'dotenv', 'json'].includes(language)) {
    // code member chains: keep the last two segments at most (config.stripe.secretKey -> stripe.secretKey)
    const parts = key.split('.');
    key = isGenericName(parts[parts.length - 1]!) ? parts.slice(-2).join('.') : parts[parts.length - 1];
  }

  const kind = kindInContext(finding, key, blocks, file);
  let variable = variableName(finding, kind, key, qualifier, positional);
  // .NET reads nested settings from `Section__Key` environment variables
  if (file.platform === 'dotnet-appsettings' && yaml && yaml.path.length > 0 && yaml.path.every((k) => typeof k === 'string')) variable = yaml.path.join('__');
  // Spring binds SPRING_DATASOURCE_PASSWORD to spring.datasource.password: name the variable after the property
  if (file.platform === 'spring' && yaml && yaml.path.length > 0) variable = envName(yaml.path.filter((k) => typeof k === 'string').join('.'));
  if (file.language === 'npmrc') variable = 'NPM_TOKEN';
  // GitHub reserves secret names that start with GITHUB_
  if (file.platform === 'github-actions' && variable.startsWith('GITHUB_')) variable = `GH_${variable.slice(7)}`;
  const pemLabel = secret ? /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(secret)?.[1] : /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(finding.redacted)?.[1];
  return {
    finding,
    kind,
    ...(secret !== undefined ? { secret } : {}),
    path: context.path,
    ...(context.repo ? { repo: context.repo } : {}),
    file,
    ...(fileText !== undefined ? { fileText } : {}),
    ...(fileLines ? { fileLines } : {}),
    ...(located ? { located } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(key ? { key } : {}),
    variable,
    secretName: secretNameFor(context.repo, context.path, variable),
    blocks,
    ...(yaml ? { yaml } : {}),
    ...(pemLabel ? { pemLabel } : {}),
  };
}

const AWS_KEY_NAME = /^aws[_-]?(?:secret[_-]?access[_-]?key|access[_-]?key[_-]?id|session[_-]?token)$/i;

/** A generic finding that its context shows to be an AWS key (by name, or as an AWS provider argument). */
function kindInContext(finding: Finding, key: string | undefined, blocks: readonly string[], file: FileType): Kind {
  if (finding.kind === 'aws-access-key' || !key) return finding.kind;
  if (AWS_KEY_NAME.test(key)) return 'aws-access-key';
  const inner = blocks[blocks.length - 1] ?? '';
  if (file.language === 'terraform' && /^(?:provider\s+"aws"|backend\s+"s3")/.test(inner) && /^(?:access_key|secret_key|token)$/.test(key)) return 'aws-access-key';
  return finding.kind;
}

/** The names AWS SDKs and CLIs read themselves, whatever the code called the value. */
function awsVariable(ruleId: string, key: string | undefined): string {
  if (ruleId.startsWith('aws-secret-access-key')) return 'AWS_SECRET_ACCESS_KEY';
  if (ruleId.startsWith('aws-session-token')) return 'AWS_SESSION_TOKEN';
  if (ruleId.startsWith('aws-')) return 'AWS_ACCESS_KEY_ID';
  const k = (key ?? '').toLowerCase();
  return /secret/.test(k) ? 'AWS_SECRET_ACCESS_KEY' : /token/.test(k) ? 'AWS_SESSION_TOKEN' : 'AWS_ACCESS_KEY_ID';
}

function variableName(finding: Finding, kind: Kind, key: string | undefined, qualifier: string | undefined, positional: boolean): string {
  const { ruleId } = finding;
  if (kind === 'aws-access-key') return awsVariable(ruleId, positional ? undefined : key);
  const fromRule = nameFromRule(ruleId, kind);
  if (!key || positional) return fromRule;
  if (!isGenericName(key)) return envName(key);
  if (qualifier && !isGenericName(qualifier)) return envName(`${qualifier}_${key}`);
  if (!ruleId.startsWith('generic-') && fromRule !== nameFromRule('generic-x', kind)) return fromRule;
  return envName(key);
}

/** Maven settings.xml: the `<id>` of the `<server>` the line sits in. */
function xmlSiblingId(lines: readonly string[], index: number): string | undefined {
  for (let i = index; i >= 0 && i > index - 20; i--) {
    const id = /<id>\s*([^<]{1,100}?)\s*<\/id>/.exec(lines[i]!);
    if (id) return id[1];
    if (/<server>|<\/server>/.test(lines[i]!) && i !== index) break;
  }
  for (let i = index + 1; i < lines.length && i < index + 20; i++) {
    const id = /<id>\s*([^<]{1,100}?)\s*<\/id>/.exec(lines[i]!);
    if (id) return id[1];
    if (/<\/server>/.test(lines[i]!)) break;
  }
  return undefined;
}

/**
 * YAML edits, per platform: GitHub Actions (`${{ secrets.X }}`, OIDC inputs), docker compose and
 * Spring (`${X}`), CloudFormation (dynamic references, RDS-managed passwords), Kubernetes
 * (`valueFrom.secretKeyRef` for a container env entry), Serverless and Yarn. Plain YAML has no
 * reference syntax: no edit.
 */
import type { Site } from '../site.js';
import type { Mechanism } from '../mechanism.js';
import type { Located } from '../literal.js';
import { enclosingLiteral, isConnectionString } from '../literal.js';
import { kebab } from '../names.js';
import { commentStart, indentOf } from '../text.js';
import { scalarIn } from '../yaml-place.js';
import { refuse, replaceLines, replaceSpan, type EditOutcome } from './edit.js';

/** The value scalar holding the secret on a single line: [start, end) columns, quoted or plain. */
function scalarSpan(loc: Located): { start: number; end: number; quoted: boolean } | undefined {
  const line = loc.lines[0]!;
  const literal = enclosingLiteral(loc, 'yaml');
  if (literal) return { start: literal.start, end: literal.end, quoted: true };
  const head = /^(\s*(?:-\s+)?(?:(?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:\s+)?)/.exec(line.slice(0, loc.start));
  const start = head ? head[1]!.length : loc.start;
  const comment = commentStart(line, 'yaml');
  const end = comment === -1 ? line.trimEnd().length : line.slice(0, comment).trimEnd().length;
  if (start > loc.start || end < loc.end) return undefined;
  return { start, end, quoted: false };
}

/** The line key (`aws-access-key-id:`) and its prefix (indentation, `- `). */
function lineKey(line: string): { prefix: string; key: string } | undefined {
  const m = /^(\s*(?:-\s+)?)([\w.-]+)\s*:/.exec(line);
  return m ? { prefix: m[1]!, key: m[2]! } : undefined;
}

/**
 * Replace the value with `reference`: the whole scalar when the secret is all of it, else the secret's
 * span inside it (for formats that interpolate references inside strings).
 */
function replaceValue(site: Site, reference: string, interpolates: boolean, note?: string): EditOutcome {
  const loc = site.located!;
  if (loc.lines.length > 1) return blockScalarEdit(site, reference, note);
  let span = scalarSpan(loc);
  if (!span) return refuse('the value is not a single scalar on this line');
  let inner = loc.lines[0]!.slice(span.start + (span.quoted ? 1 : 0), span.end - (span.quoted ? 1 : 0));
  // docker compose list form: `- NAME=value`: the value is what follows the `=`
  const assignment = site.file.platform === 'docker-compose' && !span.quoted ? /^[A-Za-z_][\w.-]*=/.exec(inner) : null;
  if (assignment && span.start + assignment[0].length <= loc.start) {
    span = { start: span.start + assignment[0].length, end: span.end, quoted: false };
    inner = inner.slice(assignment[0].length);
  }
  const whole = inner.trim() === site.secret?.trim() || (site.secret === undefined && loc.lines[0]!.slice(loc.start, loc.end) === inner);
  if (whole || isConnectionString(inner)) return replaceSpan(loc, span.start, span.end, reference, note);
  if (!interpolates) return refuse('the value shares its string with other text, and this format cannot interpolate a reference');
  return replaceSpan(loc, loc.start, loc.end, reference, note);
}

/** A secret that fills a block scalar (`key: |` then the PEM lines): the key line and the block become one line. */
function blockScalarEdit(site: Site, reference: string, note?: string): EditOutcome {
  const loc = site.located!;
  const lines = site.fileLines;
  const keyLine = lines?.[loc.firstLine - 2];
  const m = keyLine === undefined ? null : /^(\s*(?:-\s+)?[\w.-]+\s*:)\s*[|>][-+]?\d*\s*(?:#.*)?$/.exec(keyLine);
  if (!m || !lines) return refuse('the value spans several lines outside a block scalar');
  const contentIndent = indentOf(loc.lines[0]!).length;
  const next = lines[loc.firstLine - 1 + loc.lines.length];
  if (next !== undefined && next.trim() !== '' && indentOf(next).length >= contentIndent) return refuse('the block scalar holds more than the key');
  if (loc.lines[0]!.slice(0, loc.start).trim() !== '' || loc.lines[loc.lines.length - 1]!.slice(loc.end).trim() !== '') return refuse('the block scalar holds more than the key');
  return { startLine: loc.firstLine - 1, endLine: loc.firstLine + loc.lines.length - 1, replacement: [`${m[1]} ${reference}`], ...(note ? { note } : {}) };
}

/** GitHub secret names cannot start with GITHUB_. */
export function actionsSecretName(variable: string): string {
  return variable.startsWith('GITHUB_') ? `GH_${variable.slice(7)}` : variable;
}

const OIDC_NOTE = "The job needs `permissions: id-token: write`, and the repository variable AWS_ROLE_ARN set to the role's ARN.";

function actionsEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  const line = loc.lines[0]!;
  if (mechanism.id === 'github-oidc') {
    const lk = lineKey(line);
    const nodes = site.yaml?.nodes ?? [];
    const withNode = nodes[nodes.length - 1];
    const step = nodes[nodes.length - 2];
    const uses = scalarIn(step, 'uses');
    const inAction = uses === undefined ? site.yaml === undefined : /^aws-actions\/configure-aws-credentials@/.test(uses);
    if (!lk || !inAction) return refuse('the key is not an input of aws-actions/configure-aws-credentials; replace the step that uses it with the OIDC step shown below');
    const indent = lk.prefix;
    if (lk.key === 'aws-access-key-id') {
      if (scalarIn(withNode, 'role-to-assume') !== undefined) return replaceLines(loc, []);
      return replaceLines(loc, [`${indent}role-to-assume: \${{ vars.AWS_ROLE_ARN }}`], OIDC_NOTE);
    }
    if (lk.key === 'aws-secret-access-key' || lk.key === 'aws-session-token') {
      // a key ID read from secrets right above: both lines become role-to-assume in one edit
      const above = site.fileLines?.[loc.firstLine - 2];
      const idAbove = above === undefined ? undefined : lineKey(above);
      if (lk.key === 'aws-secret-access-key' && idAbove?.key === 'aws-access-key-id' && idAbove.prefix === lk.prefix && /\$\{\{/.test(above!) && scalarIn(withNode, 'role-to-assume') === undefined)
        return { startLine: loc.firstLine - 1, endLine: loc.firstLine, replacement: [`${indent}role-to-assume: \${{ vars.AWS_ROLE_ARN }}`], note: OIDC_NOTE };
      return replaceLines(loc, []);
    }
    return refuse('the key is not an input of aws-actions/configure-aws-credentials');
  }
  if (mechanism.id === 'gcp-workload-identity' || mechanism.id === 'azure-workload-identity')
    return refuse('the login step changes shape (workload identity instead of a key); replace it with the step shown below');
  if (mechanism.id === 'github-token') return replaceValue(site, '${{ secrets.GITHUB_TOKEN }}', true, 'If the token needs more than this repository, mint one with actions/create-github-app-token instead.');
  const name = actionsSecretName(site.variable);
  const note = mechanism.id === 'github-actions-secret' ? undefined : `The workflow then reads the Actions secret \`${name}\`: store the new value there (\`gh secret set ${name}\`).`;
  return replaceValue(site, `\${{ secrets.${name} }}`, true, note);
}

function cloudFormationYamlEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  if (mechanism.id === 'rds-managed-password') {
    const lk = lineKey(loc.lines[0]!);
    if (!lk || loc.lines.length !== 1) return refuse('the password is not a one-line property');
    const properties = site.yaml?.nodes[site.yaml.nodes.length - 1];
    if (scalarIn(properties, 'ManageMasterUserPassword') !== undefined) return replaceLines(loc, []);
    return replaceLines(loc, [`${lk.prefix}ManageMasterUserPassword: true`]);
  }
  if (mechanism.id !== 'cloudformation-dynamic-reference') return refuse('static AWS keys cannot be referenced away; give the resource an IAM role instead');
  return replaceValue(site, `'{{resolve:secretsmanager:${site.secretName}:SecretString}}'`, false);
}

function kubernetesEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  const y = site.yaml;
  if (mechanism.id === 'eks-pod-identity') return refuse('the pod should get AWS credentials from its service account (Pod Identity), not from a value in the manifest');
  if (!y) return refuse('the manifest could not be read as YAML');
  const kind = y.doc.get('kind');
  if (kind === 'Secret') return refuse('a Secret manifest in git should be replaced as a whole (by an ExternalSecret, or a certificate the platform manages), not edited line by line');
  if (mechanism.id !== 'external-secrets') return refuse('the value should not be in the manifest at all; see the steps');
  const last = y.path[y.path.length - 1];
  const entry = y.nodes[y.nodes.length - 1];
  const name = scalarIn(entry, 'name');
  if (last !== 'value' || name === undefined || y.path[y.path.length - 3] !== 'env' || loc.lines.length !== 1)
    return refuse('the value is not a container `env` entry; move it to a Secret created by External Secrets Operator');
  const lk = lineKey(loc.lines[0]!);
  if (!lk) return refuse('the value is not on a `value:` line');
  return replaceLines(loc, [`${lk.prefix}valueFrom: { secretKeyRef: { name: ${k8sSecretName(site)}, key: ${kebab(site.variable)} } }`], 'The Secret is created by the ExternalSecret shown below.');
}

/** The Kubernetes Secret that External Secrets Operator creates: `<workload>-secrets`. */
export function k8sSecretName(site: Site): string {
  const meta = site.yaml?.doc.getIn(['metadata', 'name']);
  const base = typeof meta === 'string' ? meta : site.repo ? site.repo.slice(site.repo.indexOf('/') + 1) : 'app';
  return `${kebab(base) || 'app'}-secrets`;
}

export function yamlEdit(site: Site, mechanism: Mechanism): EditOutcome {
  switch (site.file.platform) {
    case 'github-actions':
      return actionsEdit(site, mechanism);
    case 'docker-compose':
      return replaceValue(site, `\${${site.variable}}`, true, 'Compose reads the value from the environment or an uncommitted `.env` file.');
    case 'spring':
      return replaceValue(site, `\${${site.variable}}`, true);
    case 'yarnrc':
      return replaceValue(site, `\${${site.variable}}`, false);
    case 'serverless':
      if (site.kind === 'aws-access-key') return refuse('the function should use its execution role, not keys in its configuration');
      return replaceValue(site, `\${ssm:/aws/reference/secretsmanager/${site.secretName}}`, false);
    case 'cloudformation':
      return cloudFormationYamlEdit(site, mechanism);
    case 'kubernetes':
      return kubernetesEdit(site, mechanism);
    case 'helm':
      return refuse('chart values cannot reference a secret store; use an ExternalSecret in the chart and drop the value');
    default:
      return refuse('plain YAML has no reference syntax; the program reading this file must get the value from the environment or Secrets Manager');
  }
}

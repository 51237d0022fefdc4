/**
 * Edits for configuration formats that are not YAML: JSON (CloudFormation, appsettings), dotenv,
 * properties (Spring), .npmrc, shell assignments and Maven settings.xml.
 */
import type { Site } from '../site.js';
import type { Mechanism } from '../mechanism.js';
import { enclosingLiteral, fillsLiteral, isConnectionString } from '../literal.js';
import { commentStart } from '../text.js';
import { scalarIn } from '../yaml-place.js';
import { refuse, replaceLines, replaceSpan, type EditOutcome } from './edit.js';

function single(site: Site): EditOutcome | undefined {
  return site.located!.lines.length === 1 ? undefined : refuse('the value spans several lines');
}

export function jsonEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  const line = loc.lines[0]!;
  const literal = enclosingLiteral(loc, 'json');
  if (!literal) return refuse('the value is not a JSON string on this line');
  switch (site.file.platform) {
    case 'cloudformation': {
      if (mechanism.id === 'rds-managed-password') {
        const properties = site.yaml?.nodes[site.yaml.nodes.length - 1];
        if (scalarIn(properties, 'ManageMasterUserPassword') !== undefined) return refuse('ManageMasterUserPassword is already set; delete the MasterUserPassword property (and the comma before it if it was last)');
        const key = /^(\s*)"MasterUserPassword"\s*:\s*/.exec(line);
        if (!key) return refuse('the property is not on a line of its own');
        return replaceLines(loc, [`${key[1]}"ManageMasterUserPassword": true${line.slice(literal.end)}`]);
      }
      if (mechanism.id !== 'cloudformation-dynamic-reference') return refuse('static AWS keys cannot be referenced away; give the resource an IAM role instead');
      if (!fillsLiteral(literal)) return refuse('the value shares its string with other text');
      return replaceSpan(loc, literal.start, literal.end, `"{{resolve:secretsmanager:${site.secretName}:SecretString}}"`);
    }
    case 'dotnet-appsettings':
      return replaceSpan(loc, literal.start, literal.end, '""', `Set the environment variable \`${site.variable}\` (or load it from Secrets Manager); it overrides the empty value.`);
    case 'ecs-task-definition':
      return refuse('in a task definition the entry moves from `environment` to `secrets` with a `valueFrom` ARN (below)');
    case 'gcp-service-account':
      return refuse('the whole file is the credential; delete it from the repository');
    default:
      return refuse('plain JSON has no reference syntax; the program reading this file must get the value from the environment or Secrets Manager');
  }
}

export function dotenvEdit(site: Site): EditOutcome {
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  const line = loc.lines[0]!;
  const m = /^(\s*(?:export\s+)?[\w.-]+\s*=\s*)/.exec(line);
  if (!m || m[1]!.length > loc.start) return refuse('the line is not a `NAME=value` assignment');
  const comment = commentStart(line.slice(m[1]!.length), 'yaml');
  const rest = comment === -1 ? '' : ` ${line.slice(m[1]!.length + comment)}`;
  const prefix = m[1]!.replace(/\s+$/, '');
  return replaceLines(loc, [`${prefix}${rest}`]);
}

export function propertiesEdit(site: Site): EditOutcome {
  if (site.file.platform !== 'spring') return refuse('plain properties files have no reference syntax');
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  const line = loc.lines[0]!;
  const m = /^(\s*[^\s=:]+\s*[=:]\s*|\s*[^\s=:]+\s+)/.exec(line);
  if (!m || m[1]!.length > loc.start) return refuse('the line is not a `key=value` property');
  const value = line.slice(m[1]!.length).trimEnd();
  const reference = `\${${site.variable}}`;
  if (value === site.secret || isConnectionString(value)) return replaceSpan(loc, m[1]!.length, line.length, reference);
  return replaceSpan(loc, loc.start, loc.end, reference);
}

export function npmrcEdit(site: Site): EditOutcome {
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  if (!/=/.test(loc.lines[0]!.slice(0, loc.start))) return refuse('the value is not a `key=value` setting');
  return replaceSpan(loc, loc.start, loc.end, `\${${site.variable}}`, `npm reads \`${site.variable}\` from the environment (a CI secret, or your shell).`);
}

export function shellEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  if (site.kind === 'aws-access-key') return refuse(`the script should get AWS credentials from a role (${mechanism.id === 'iam-roles-anywhere' ? 'IAM Roles Anywhere' : 'its IAM role'}), not hold them`);
  const line = loc.lines[0]!;
  const m = /^(\s*(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)?)?)([A-Za-z_]\w*)=/.exec(line);
  if (!m) return refuse('the value is not a shell variable assignment');
  const valueStart = m[0].length;
  const literal = enclosingLiteral(loc, 'shell');
  let end: number;
  if (literal && literal.start === valueStart && fillsLiteral(literal)) end = literal.end;
  else if (!literal && loc.start === valueStart && (loc.end === line.length || /^[\s;]/.test(line.slice(loc.end)))) end = loc.end;
  else return refuse('the value shares its word with other text');
  const lookup = `"$(aws secretsmanager get-secret-value --secret-id ${site.secretName} --query SecretString --output text)"`;
  return replaceSpan(loc, valueStart, end, lookup, 'The script needs the AWS CLI and a role allowed to read the secret.');
}

export function mavenSettingsEdit(site: Site): EditOutcome {
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  const line = loc.lines[0]!;
  if (!/>\s*$/.test(line.slice(0, loc.start)) || !/^\s*<\//.test(line.slice(loc.end))) return refuse('the value is not the whole text of an element');
  return replaceSpan(loc, loc.start, loc.end, `\${env.${site.variable}}`);
}


/**
 * Dockerfile: an AWS key leaves its `ENV` line (the task role takes over); a build argument keeps its
 * name and loses its default. Other `ENV` values need a run-time source first: no edit.
 */
export function dockerfileEdit(site: Site): EditOutcome {
  const loc = site.located!;
  const multi = single(site);
  if (multi) return multi;
  const line = loc.lines[0]!;
  const arg = /^(\s*ARG\s+[A-Za-z_]\w*)=\S*\s*$/.exec(line);
  if (arg && loc.start > arg[1]!.length) return replaceLines(loc, [arg[1]!], 'Pass it with a build secret (`RUN --mount=type=secret`) rather than `--build-arg`, which stays in the image history.');
  const env = /^\s*ENV\s+(?:[A-Za-z_]\w*=("[^"]*"|'[^']*'|\S+)|[A-Za-z_]\w*\s+.+)\s*$/.exec(line);
  if (env && site.kind === 'aws-access-key') return replaceLines(loc, [], 'The container then takes credentials from its task role, instance profile or Pod Identity.');
  return refuse('an `ENV` value is stored in the image; supply it at run time (ECS task definition `secrets`, `docker run --env-file`) or, for the build, as a build secret, as shown below');
}

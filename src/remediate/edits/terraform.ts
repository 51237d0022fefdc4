/**
 * Terraform edits: RDS master passwords become `manage_master_user_password = true`, static keys leave
 * the AWS provider (or S3 backend) block, and other literals become a reference to a
 * `data "aws_secretsmanager_secret_version"` whose block the advice carries.
 */
import type { Site } from '../site.js';
import type { Mechanism } from '../mechanism.js';
import { enclosingLiteral, fillsLiteral, isConnectionString } from '../literal.js';
import { snakeName } from '../names.js';
import { indentOf } from '../text.js';
import { refuse, replaceLines, replaceSpan, type EditOutcome } from './edit.js';

export function dataSourceName(site: Site): string {
  return snakeName(site.variable).toLowerCase();
}

export function secretReference(site: Site): string {
  return `data.aws_secretsmanager_secret_version.${dataSourceName(site)}.secret_string`;
}

const STATIC_KEY = /^(?:access_key|secret_key|token)$/;

/** The text of the block that encloses the line, when the file is known (to look for sibling attributes). */
function blockHas(site: Site, attribute: RegExp): boolean {
  const lines = site.fileLines;
  const loc = site.located;
  if (!lines || !loc) return false;
  // walk up and down from the line until the block's braces close
  for (const step of [-1, 1]) {
    let depth = 0;
    for (let i = loc.firstLine - 1 + step; i >= 0 && i < lines.length; i += step) {
      const line = lines[i]!;
      const opens = (line.match(/\{/g) ?? []).length;
      const closes = (line.match(/\}/g) ?? []).length;
      depth += step === -1 ? closes - opens : opens - closes;
      if (depth < 0) break;
      if (depth === 0 && attribute.test(line)) return true;
    }
  }
  return false;
}

export function terraformEdit(site: Site, mechanism: Mechanism): EditOutcome {
  const loc = site.located!;
  if (loc.lines.length !== 1) return refuse('the value spans several lines (a heredoc); move it out by hand');
  const line = loc.lines[0]!;
  const indent = indentOf(line);
  const inner = site.blocks[site.blocks.length - 1] ?? '';

  if (mechanism.id === 'rds-managed-password') {
    if (blockHas(site, /^\s*manage_master_user_password\s*=/)) return replaceLines(loc, []);
    return replaceLines(loc, [`${indent}manage_master_user_password = true`]);
  }

  if (mechanism.id === 'terraform-no-static-keys') {
    const inProvider = /^provider\s+"aws"/.test(inner) || /^backend\s+"s3"/.test(inner) || /^assume_role\b/.test(inner);
    if (inProvider && STATIC_KEY.test(site.key ?? '')) return replaceLines(loc, []);
    return refuse('the key is not a provider or backend argument; remove it where it is used and give that resource an IAM role');
  }

  if (site.file.platform === 'terraform-vars')
    return refuse('a .tfvars file holds values only; delete the line and let the configuration read the value from Secrets Manager (or pass TF_VAR_… from CI secrets)');
  if (/^variable\b/.test(inner))
    return refuse('a variable default cannot reference a data source; remove the default, mark the variable `sensitive = true`, and read the value from Secrets Manager where it is used');

  const literal = enclosingLiteral(loc, 'terraform');
  if (!literal) return refuse('the value is not a plain string on this line');
  const reference = secretReference(site);
  const note = `Add the \`data "aws_secretsmanager_secret_version" "${dataSourceName(site)}"\` block shown below.`;
  if (fillsLiteral(literal) || isConnectionString(literal.before + (site.secret ?? '') + literal.after)) return replaceSpan(loc, literal.start, literal.end, reference, note);
  return replaceSpan(loc, loc.start, loc.end, `\${${reference}}`, note);
}

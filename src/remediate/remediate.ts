/**
 * Finding + context -> remediation: where it sits, which mechanism replaces it, the suggested edit,
 * the checklist, the commands and snippets. Pure: no I/O. The secret is read (in memory) only to place
 * the edit, and a last pass makes sure no field carries it.
 */
import type { Finding } from '../detect/finding.js';
import type { Remediation, RemediationContext } from './types.js';
import { buildSite } from './site.js';
import { chooseMechanism } from './mechanism.js';
import { buildEdit } from './edits/index.js';
import { stepsFor } from './steps.js';
import { commandsFor, storesSecret } from './commands.js';
import { snippetsFor } from './snippets/index.js';

export function remediate(finding: Finding, context: RemediationContext): Remediation {
  const site = buildSite(finding, context);
  const mechanism = chooseMechanism(site);
  const edit = buildEdit(site, mechanism);
  const commands = commandsFor(site, mechanism);
  const snippets = snippetsFor(site, mechanism);
  const suggested = edit.suggestion?.replacement.join('\n') ?? '';
  const namesSecret = storesSecret(mechanism) || mechanism.id === 'github-actions-secret';
  const readsVariable = namesSecret || suggested.includes(site.variable);
  const remediation: Remediation = {
    strategy: mechanism.strategy,
    mechanismId: mechanism.id,
    mechanism: mechanism.label,
    why: mechanism.why,
    steps: stepsFor(site, mechanism, edit),
    ...(readsVariable ? { variable: site.variable } : {}),
    ...(namesSecret ? { secretName: site.secretName } : {}),
    ...(commands.length > 0 ? { commands } : {}),
    ...(snippets.length > 0 ? { snippets } : {}),
    ...(edit.suggestion ? { suggestion: edit.suggestion } : {}),
    ...(edit.note ? { note: edit.note } : {}),
  };
  return withoutSecret(remediation, site.secret, finding.redacted);
}

/** Pieces of a secret long enough to identify it: the whole, and each line of a multi-line one. */
function piecesOf(secret: string): string[] {
  const pieces = [secret, ...secret.split(/\r?\n/).map((l) => l.trim())];
  return [...new Set(pieces.filter((p) => p.length >= 8 && !/^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/.test(p)))];
}

/**
 * The last guard: if any text carries the secret (a bug upstream), replace it with the redacted form
 * and drop the suggestion, whose lines can no longer be trusted.
 */
function withoutSecret(remediation: Remediation, secret: string | undefined, redacted: string): Remediation {
  if (!secret) return remediation;
  const pieces = piecesOf(secret);
  if (pieces.length === 0) return remediation;
  const serialised = JSON.stringify(remediation);
  if (!pieces.some((p) => serialised.includes(p) || serialised.includes(JSON.stringify(p).slice(1, -1)))) return remediation;
  const clean = (s: string) => pieces.reduce((acc, p) => acc.split(p).join(redacted), s);
  const { suggestion: _dropped, ...rest } = remediation;
  return {
    ...rest,
    why: clean(rest.why),
    steps: rest.steps.map(clean),
    ...(rest.commands ? { commands: rest.commands.map(clean) } : {}),
    ...(rest.snippets ? { snippets: rest.snippets.map((s) => ({ ...s, title: clean(s.title), code: clean(s.code) })) } : {}),
    note: 'No suggested edit: the edit could not be built without repeating the value.',
  };
}

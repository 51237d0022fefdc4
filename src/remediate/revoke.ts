/**
 * The first checklist line: revoke or rotate the exposed value now. It is in git history, so removing
 * it from the file does not un-leak it. Where the rule names a provider, say where to revoke it.
 */
import type { Finding } from '../detect/finding.js';
import type { Kind } from '../detect/rule.js';

/** Rule id prefix -> where that provider revokes a credential. */
const PROVIDERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^github/, 'GitHub (Settings → Developer settings → Personal access tokens, or the app / OAuth app settings; organization owners can revoke from the organization settings)'],
  [/^gitlab/, 'GitLab (User settings → Access tokens, or the project / group access tokens)'],
  [/^npm/, 'npm (`npm token list`, then `npm token revoke <token-id>`)'],
  [/^pypi/, 'PyPI (Account settings → API tokens)'],
  [/^stripe/, 'Stripe (Dashboard → Developers → API keys → Roll key)'],
  [/^slack/, 'Slack (api.slack.com/apps → the app → OAuth & Permissions / Incoming Webhooks; revoke and reinstall)'],
  [/^twilio/, 'Twilio (Console → Account → API keys & tokens)'],
  [/^sendgrid/, 'SendGrid (Settings → API Keys)'],
  [/^(?:openai|anthropic)/, 'the provider console (API keys page)'],
  [/^(?:google|gcp)/, 'Google Cloud (IAM & Admin → Service accounts → Keys, or APIs & Services → Credentials)'],
  [/^azure/, 'Azure (Entra ID → App registrations → Certificates & secrets, or the resource\'s Access keys page)'],
  [/^(?:docker|dockerhub)/, 'Docker Hub (Account settings → Personal access tokens)'],
  [/^shopify/, 'Shopify (the app\'s API credentials page)'],
  [/^(?:datadog|newrelic|sentry|heroku|digitalocean|cloudflare|atlassian|jira|hashicorp|vault|okta|mailgun|mailchimp)/, 'the provider\'s console (API tokens / keys page)'],
];

export function providerOf(ruleId: string): string | undefined {
  return PROVIDERS.find(([pattern]) => pattern.test(ruleId))?.[1];
}

const HISTORY = 'it is in git history, so every clone and fork already has it';

/** The "act now" line of the checklist. */
export function revokeStep(finding: Finding, kind: Kind = finding.kind, mechanismId = ''): string {
  const value = `\`${finding.redacted}\``;
  const at = providerOf(finding.ruleId);
  const where = at ? ` at ${at}` : ' at the provider that issued it';
  switch (kind) {
    case 'aws-access-key':
      if (finding.ruleId.startsWith('aws-session-token'))
        return `Revoke now (${HISTORY}): the session token ${value} expires on its own, but revoke the role's active sessions (IAM → Roles → Revoke active sessions) and check CloudTrail for calls made with it.`;
      return `Revoke now (${HISTORY}): deactivate, then delete the access key ${value}; check CloudTrail (\`get-access-key-last-used\`, event history by access key) for calls you do not recognise.`;
    case 'private-key':
      return `Revoke now (${HISTORY}): treat the key ${value} as compromised; remove its public key from every authorized_keys file, deploy key and key pair, revoke any certificate issued for it, and generate a new key.`;
    case 'database-credential':
    case 'password':
      if (mechanismId === 'rds-managed-password')
        return `Rotate now (${HISTORY}): switching the instance to a managed master password (the command below, or applying the edit) replaces ${value} at once; check the database logs for logins you do not recognise.`;
      return `Rotate now (${HISTORY}): change the password ${value} wherever it is valid; check the database or service logs for logins you do not recognise.`;
    case 'oauth-token':
      return `Revoke now (${HISTORY}): revoke the token ${value}${where}, and issue a new one only if it is still needed.`;
    case 'api-key':
      if (mechanismId === 'restrict-client-key')
        return `Rotate (${HISTORY}): create a new key with restrictions, switch the app to it, then delete ${value}${where}.`;
      return `Revoke now (${HISTORY}): revoke the key ${value}${where} and issue a new one; review the provider's usage logs for activity you do not recognise.`;
    case 'cloud-credential':
      return `Revoke now (${HISTORY}): delete or disable the credential ${value}${at ? ` at ${at}` : ''}; review the provider's audit logs for its use.`;
  }
}

export const PURGE_STEP =
  'Optional: purge the value from history (`git filter-repo --replace-text`, or BFG), force-push, and ask GitHub Support to drop cached views of the old commits. Revoking is what protects you: clones, forks and caches keep the old commits.';

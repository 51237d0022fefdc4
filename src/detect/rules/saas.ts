/**
 * Third-party services: payments, messaging, e-mail, AI, observability, productivity and commerce APIs.
 *
 * A format with a distinctive prefix and length is found on its own (`sk_live_`, `xoxb-`, `SG.`). A
 * format without one (32 hex characters, a UUID) is found only beside the provider's name: assigned
 * to a variable named after it (`DD_API_KEY = ...`), or (for values that have a shape of their own)
 * a little further along a line that names the provider (`new Twilio(..., "SK...")`).
 * Public identifiers (Stripe `pk_live_`, Mapbox `pk.eyJ`, Twilio account SIDs, Algolia search keys,
 * analytics project tokens) are not findings.
 */
import type { Fake, Rule } from '../rule.js';
import { shannonEntropy } from '../validators.js';
import { anyCase, UUID, uuid } from './patterns.js';

/** Words of an identifier in any case, joined by an optional `_`, `.` or `-` (snake, camel, kebab, dotted). */
function words(...parts: string[]): string {
  return parts.map(anyCase).join('[_.-]?');
}

/**
 * `=`, `:`, `=>`, `:=` or `,` between a name and its value, quotes optional; or a call with the value
 * as its first argument: `Name("value"`, `Name(api_key="value"`, `Name({ apiKey: 'value'`.
 */
const SET = String.raw`(?:["']?[ \t]{0,4}(?:[:=]|=>|:=|,)[ \t]{0,4}["']?|\([ \t]{0,4}\{?[ \t]{0,4}(?:[A-Za-z_]{1,20}[ \t]{0,2}[=:][ \t]{0,2})?["'])`;
const NOT_ALNUM_BEFORE = '(?<![A-Za-z0-9])';
const NOT_ALNUM_AFTER = '(?![A-Za-z0-9])';

/** A name, up to `tail` more identifier characters (`_PROD`, `Value`), an assignment, then the secret. */
function assigned(name: string, secret: string, end = NOT_ALNUM_AFTER, tail = 12): RegExp {
  const more = tail > 0 ? `[A-Za-z0-9_]{0,${tail}}` : '';
  return new RegExp(String.raw`${name}${more}${SET}(?<secret>${secret})${end}`);
}

/**
 * A provider name earlier on the same line (within 80 characters), then a value with a shape of its
 * own: `TWILIO_API_KEY=SK...`, `new Mailgun(...).client({ key: 'key-...' })`.
 */
function near(name: string, secret: string, before = NOT_ALNUM_BEFORE, end = NOT_ALNUM_AFTER): RegExp {
  return new RegExp(String.raw`${name}[^\n]{0,80}?${before}(?<secret>${secret})${end}`);
}

/**
 * At least `min` bits of entropy per character: not a run or a row of one character
 * (`sk_live_000000...`), the body of a real token is random. (Entropy only: validators' isVaried,
 * which also rejects sequences, is another check.)
 */
const entropyAtLeast =
  (min = 3) =>
  (secret: string): boolean =>
    shannonEntropy(secret) >= min;

/** Stripe's own documentation keys, published in every quick start: well known, not leaks. */
const STRIPE_DOCS_KEYS = new Set(['sk_test_' + '4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_' + 'BQokikJOvBiI2HlWgH4olfQ2']);

/** The first part of a Discord bot token is the bot's snowflake id (17-20 digits) in base64. */
function isDiscordBotToken(token: string): boolean {
  const id = token.slice(0, token.indexOf('.'));
  return /^[0-9]{17,20}$/.test(Buffer.from(id, 'base64').toString('latin1'));
}

/** A Mapbox token's first part is base64url JSON naming the account (`{"u":"...","a":"..."}`). */
function isMapboxToken(token: string): boolean {
  const payload = token.split('.')[1] ?? '';
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && 'u' in json;
  } catch {
    return false;
  }
}

const mixedCase = (secret: string): boolean => /[A-Z]/.test(secret) && /[a-z]/.test(secret);

const discordId = (f: Fake, digits = 18): string => Buffer.from('1' + f.chars('0', digits - 1)).toString('base64url');
const mapboxBody = (f: Fake): string =>
  Buffer.from(JSON.stringify({ u: `acme-${f.chars('a0', 6)}`, a: f.chars('a0', 25) })).toString('base64url');

export const SAAS_RULES: readonly Rule[] = [
  // ---------------------------------------------------------------- Stripe
  {
    id: 'stripe-secret-key',
    title: 'Stripe live secret key',
    kind: 'api-key',
    keywords: ['sk_live_'],
    pattern: /(?<![A-Za-z0-9_])sk_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `const stripe = require('stripe')('sk_live_${f.chars('aA0', 24)}');`,
        `STRIPE_SECRET_KEY=sk_live_${f.chars('aA0', 99)}`,
        `stripe:\n  secret_key: "sk_live_${f.chars('aA0', 40)}"`,
      ],
      ignores: (f) => [
        'STRIPE_SECRET_KEY=sk_live_...',
        'Stripe.api_key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"',
        `publishable: pk_live_${f.chars('aA0', 24)}`,
        `too short sk_live_${f.chars('aA0', 12)}`,
        `test mode sk_test_${f.chars('aA0', 24)}`,
        'STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}',
      ],
    },
  },
  {
    id: 'stripe-restricted-key',
    title: 'Stripe live restricted key',
    kind: 'api-key',
    keywords: ['rk_live_'],
    pattern: /(?<![A-Za-z0-9_])rk_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`STRIPE_RESTRICTED_KEY=rk_live_${f.chars('aA0', 24)}`, `{"stripeKey": "rk_live_${f.chars('aA0', 99)}"}`],
      ignores: (f) => ['rk_live_<restricted key>', `rk_live_${f.chars('aA0', 16)}`, `ark_live_${f.chars('aA0', 24)}`],
    },
  },
  {
    id: 'stripe-test-secret-key',
    title: 'Stripe test-mode secret key',
    kind: 'api-key',
    severity: 'low',
    keywords: ['sk_test_'],
    pattern: /(?<![A-Za-z0-9_])sk_test_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/,
    validate: (s) => entropyAtLeast()(s) && !STRIPE_DOCS_KEYS.has(s),
    samples: {
      matches: (f) => [`Stripe.api_key = 'sk_test_${f.chars('aA0', 24)}'`, `STRIPE_KEY: sk_test_${f.chars('aA0', 99)}`],
      ignores: (f) => [
        `Stripe.api_key = '${STRIPE_DOCS_KEYS.values().next().value}'`,
        'sk_test_YOUR_SECRET_KEY',
        `sk_test_${f.chars('aA0', 10)}`,
        `sk_test_${'0'.repeat(24)}`,
      ],
    },
  },
  {
    id: 'stripe-test-restricted-key',
    title: 'Stripe test-mode restricted key',
    kind: 'api-key',
    severity: 'low',
    keywords: ['rk_test_'],
    pattern: /(?<![A-Za-z0-9_])rk_test_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`key = "rk_test_${f.chars('aA0', 24)}"`, `export STRIPE_RK=rk_test_${f.chars('aA0', 99)}`],
      ignores: (f) => ['rk_test_...', `rk_test_${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'stripe-webhook-secret',
    title: 'Stripe webhook signing secret',
    kind: 'api-key',
    keywords: ['whsec_'],
    // Stripe: whsec_ + 32 base62; Svix (Clerk, Resend...) uses the same prefix with base64.
    pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9+/=])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `STRIPE_WEBHOOK_SECRET=whsec_${f.chars('aA0', 32)}`,
        `const endpointSecret = "whsec_${f.chars('b64', 43)}=";`,
      ],
      ignores: (f) => ["const endpointSecret = 'whsec_...';", 'whsec_${WEBHOOK_SECRET}', `whsec_${f.chars('aA0', 16)}`],
    },
  },

  // ---------------------------------------------------------------- Slack
  {
    id: 'slack-bot-token',
    title: 'Slack bot token',
    kind: 'oauth-token',
    keywords: ['xoxb-'],
    pattern: /(?<![A-Za-z0-9.-])xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,40}(?![A-Za-z0-9-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `SLACK_BOT_TOKEN=xoxb-${f.chars('0', 13)}-${f.chars('0', 13)}-${f.chars('aA0', 24)}`,
        `slack_token: "xoxb-${f.chars('0', 12)}-${f.chars('aA0', 24)}"`,
        `client = WebClient(token="xoxb-${f.chars('0', 11)}-${f.chars('0', 12)}-${f.chars('aA0', 24)}")`,
      ],
      ignores: (f) => [
        'SLACK_BOT_TOKEN=xoxb-your-bot-token',
        'token: xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx',
        `xoxb-${f.chars('0', 5)}-${f.chars('aA0', 8)}`,
        'SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN}',
      ],
    },
  },
  {
    id: 'slack-user-token',
    title: 'Slack user token',
    kind: 'oauth-token',
    keywords: ['xoxp-'],
    pattern: /(?<![A-Za-z0-9.-])xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{28,34}(?![A-Za-z0-9-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `SLACK_USER_TOKEN=xoxp-${f.chars('0', 12)}-${f.chars('0', 12)}-${f.chars('0', 13)}-${f.chars('hex', 32)}`,
        `"token": "xoxp-${f.chars('0', 11)}-${f.chars('0', 10)}-${f.chars('0', 11)}-${f.chars('hex', 32)}"`,
      ],
      ignores: (f) => [
        'xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
        `xoxp-1234-1234-1234-${f.chars('hex', 32)}`,
        'token: xoxp-1234567890',
      ],
    },
  },
  {
    id: 'slack-app-token',
    title: 'Slack app-level token',
    kind: 'api-key',
    keywords: ['xapp-'],
    pattern: /(?<![A-Za-z0-9-])xapp-[0-9]-[A-Z0-9]{8,14}-[0-9]{8,16}-[A-Za-z0-9]{32,80}(?![A-Za-z0-9-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `SLACK_APP_TOKEN=xapp-1-A${f.chars('A0', 10)}-${f.chars('0', 13)}-${f.chars('hex', 64)}`,
        `appToken: 'xapp-1-A${f.chars('A0', 10)}-${f.chars('0', 13)}-${f.chars('hex', 64)}',`,
      ],
      ignores: (f) => ['SLACK_APP_TOKEN=xapp-your-app-token', `xapp-1-A${f.chars('A0', 10)}-${f.chars('0', 13)}-abc`],
    },
  },
  {
    id: 'slack-workspace-token',
    title: 'Slack legacy workspace app token',
    kind: 'oauth-token',
    keywords: ['xoxa-', 'xoxr-'],
    pattern: /(?<![A-Za-z0-9.-])xox[ar]-(?:[0-9]{1,2}-)?(?:[0-9]{6,14}-){2,3}[A-Za-z0-9]{16,64}(?![A-Za-z0-9-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `access_token = "xoxa-2-${f.chars('0', 9)}-${f.chars('0', 11)}-${f.chars('0', 13)}-${f.chars('hex', 32)}"`,
        `refresh_token: xoxr-${f.chars('0', 11)}-${f.chars('0', 12)}-${f.chars('aA0', 24)}`,
      ],
      ignores: () => ['https://github.com/xoxa-nyc/xoxa-nyc.github.io', 'token: xoxa-your-token', 'xoxr-12345'],
    },
  },
  {
    id: 'slack-config-token',
    title: 'Slack configuration (or rotating) access token',
    kind: 'oauth-token',
    keywords: ['xoxe.xoxp-', 'xoxe.xoxb-'],
    pattern: /(?<![A-Za-z0-9-])xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{140,190}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `SLACK_CONFIG_TOKEN=xoxe.xoxp-1-${f.chars('aA0', 163)}`,
        `"access_token": "xoxe.xoxb-1-${f.chars('aA0', 165)}"`,
      ],
      ignores: (f) => ['xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere', `xoxe.xoxp-1-${f.chars('aA0', 40)}`],
    },
  },
  {
    id: 'slack-refresh-token',
    title: 'Slack configuration (or rotating) refresh token',
    kind: 'oauth-token',
    keywords: ['xoxe-'],
    pattern: /(?<![A-Za-z0-9.-])xoxe-[0-9]-[A-Za-z0-9]{120,180}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SLACK_REFRESH_TOKEN=xoxe-1-${f.chars('aA0', 146)}`, `refresh_token: "xoxe-1-${f.chars('aA0', 146)}"`],
      ignores: (f) => ['xoxe-1-xxx', `xoxe-1-${f.chars('aA0', 30)}`, 'XOxE-RROAmw, Home and Garden'],
    },
  },
  {
    id: 'slack-webhook-url',
    title: 'Slack incoming webhook URL',
    kind: 'api-key',
    keywords: ['hooks.slack.com', 'hooks.slack-gov.com'],
    pattern:
      /(?:https?:\/\/)?hooks\.slack(?:-gov)?\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{20,34}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T${f.chars('A0', 8)}/B${f.chars('A0', 10)}/${f.chars('aA0', 24)}`,
        `webhook: "https://hooks.slack.com/services/T${f.chars('A0', 10)}/B${f.chars('A0', 10)}/${f.chars('aA0', 24)}"`,
        `curl -X POST -d @msg.json hooks.slack-gov.com/services/T${f.chars('A0', 9)}/B${f.chars('A0', 9)}/${f.chars('aA0', 24)}`,
      ],
      ignores: () => [
        'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
        'See https://hooks.slack.com/services for the docs',
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${TEAM}/${CHANNEL}/${TOKEN}',
      ],
    },
  },
  {
    id: 'slack-workflow-webhook-url',
    title: 'Slack workflow webhook URL',
    kind: 'api-key',
    keywords: ['hooks.slack.com'],
    pattern:
      /(?:https?:\/\/)?hooks\.slack\.com\/(?:workflows|triggers)\/T[A-Z0-9]{8,12}\/(?:A[A-Z0-9]{8,12}\/)?[0-9]{8,22}\/[A-Za-z0-9]{20,40}(?![A-Za-z0-9])/,
    samples: {
      matches: (f) => [
        `url = "https://hooks.slack.com/workflows/T${f.chars('A0', 9)}/A${f.chars('A0', 10)}/${f.chars('0', 18)}/${f.chars('aA0', 24)}"`,
        `SLACK_TRIGGER=https://hooks.slack.com/triggers/T${f.chars('A0', 9)}/${f.chars('0', 13)}/${f.chars('hex', 32)}`,
      ],
      ignores: (f) => [
        'https://hooks.slack.com/workflows/T0000/A0000/123/abc',
        `https://hooks.slack.com/triggers/T${f.chars('A0', 9)}/${f.chars('0', 13)}/<secret>`,
      ],
    },
  },

  // ---------------------------------------------------------------- Twilio
  {
    id: 'twilio-api-key',
    title: 'Twilio API key SID',
    kind: 'api-key',
    keywords: ['twilio'],
    // SK + 32 hex; the account SID (AC + 32 hex) is an identifier and not reported.
    pattern: near(anyCase('twilio'), 'SK[0-9a-f]{32}'),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `TWILIO_API_KEY=SK${f.chars('hex', 32)}`,
        `const client = twilio('SK${f.chars('hex', 32)}', process.env.TWILIO_API_SECRET, { accountSid });`,
      ],
      ignores: (f) => [
        `TWILIO_ACCOUNT_SID=AC${f.chars('hex', 32)}`,
        `api_key = "SK${f.chars('hex', 32)}"`,
        'TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'twilio-auth-token',
    title: 'Twilio auth token',
    kind: 'api-key',
    keywords: ['twilio'],
    pattern: assigned(`${anyCase('twilio')}[_.-]?(?:${anyCase('account')}[_.-]?)?${words('auth', 'token')}`, '[0-9a-f]{32}'),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `TWILIO_AUTH_TOKEN=${f.chars('hex', 32)}`,
        `twilio:\n  twilio_auth_token: "${f.chars('hex', 32)}"`,
        `const twilioAuthToken = '${f.chars('hex', 32)}';`,
      ],
      ignores: (f) => [
        'TWILIO_AUTH_TOKEN=your_auth_token',
        `TWILIO_ACCOUNT_SID=AC${f.chars('hex', 32)}`,
        'TWILIO_AUTH_TOKEN=process.env.TWILIO_AUTH_TOKEN',
        `TWILIO_AUTH_TOKEN=${'0'.repeat(32)}`,
      ],
    },
  },
  {
    id: 'twilio-api-secret',
    title: 'Twilio API key secret',
    kind: 'api-key',
    keywords: ['twilio'],
    pattern: assigned(`${anyCase('twilio')}[_.-]?${words('api')}[_.-]?(?:${anyCase('key')}[_.-]?)?${anyCase('secret')}`, '[A-Za-z0-9]{32}'),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`TWILIO_API_SECRET=${f.chars('aA0', 32)}`, `"twilioApiKeySecret": "${f.chars('aA0', 32)}"`],
      ignores: (f) => ['TWILIO_API_SECRET=<api-secret>', `TWILIO_API_SECRET=${f.chars('aA0', 20)}`],
    },
  },

  // ---------------------------------------------------------------- e-mail
  {
    id: 'sendgrid-api-key',
    title: 'SendGrid API key',
    kind: 'api-key',
    keywords: ['sg.'],
    pattern: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `SENDGRID_API_KEY=SG.${f.chars('b64url', 22)}.${f.chars('b64url', 43)}`,
        `sgMail.setApiKey('SG.${f.chars('aA0', 22)}.${f.chars('aA0', 43)}');`,
      ],
      ignores: (f) => [
        "sgMail.setApiKey(process.env.SENDGRID_API_KEY);",
        'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        `msg.${f.chars('aA0', 22)}.${f.chars('aA0', 43)}`,
        `SG.${f.chars('aA0', 22)}.${f.chars('aA0', 20)}`,
      ],
    },
  },
  {
    id: 'mailgun-api-key',
    title: 'Mailgun API key (key- format)',
    kind: 'api-key',
    keywords: ['mailgun'],
    pattern: near(anyCase('mailgun'), 'key-[0-9a-f]{32}'),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `MAILGUN_API_KEY=key-${f.chars('hex', 32)}`,
        `const mg = mailgun.client({ username: 'api', key: 'key-${f.chars('hex', 32)}' });`,
      ],
      ignores: (f) => [`api_key = "key-${f.chars('hex', 32)}"`, 'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', `MAILGUN_PUBLIC_KEY=pubkey-${f.chars('hex', 32)}`],
    },
  },
  {
    id: 'mailgun-private-key',
    title: 'Mailgun private API key or webhook signing key',
    kind: 'api-key',
    keywords: ['mailgun'],
    pattern: near(anyCase('mailgun'), '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}', '(?<![A-Za-z0-9-])', '(?![A-Za-z0-9-])'),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `MAILGUN_API_KEY=${f.chars('hex', 32)}-${f.chars('hex', 8)}-${f.chars('hex', 8)}`,
        `mailgun_webhook_signing_key: "${f.chars('hex', 32)}-${f.chars('hex', 8)}-${f.chars('hex', 8)}"`,
      ],
      ignores: (f) => [
        `MAILGUN_DOMAIN_ID=${uuid(f)}`,
        `checksum = ${f.chars('hex', 32)}-${f.chars('hex', 8)}-${f.chars('hex', 8)}`,
        'MAILGUN_API_KEY=<private-api-key>',
      ],
    },
  },
  {
    id: 'mailchimp-api-key',
    title: 'Mailchimp API key',
    kind: 'api-key',
    keywords: ['-us'],
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`MAILCHIMP_API_KEY=${f.chars('hex', 32)}-us6`, `mailchimp.setConfig({ apiKey: "${f.chars('hex', 32)}-us21", server: "us21" });`],
      ignores: (f) => [
        'MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us6',
        `locale: en-us, hash: ${f.chars('hex', 32)}`,
        `${f.chars('hex', 20)}-us6`,
      ],
    },
  },
  {
    id: 'postmark-server-token',
    title: 'Postmark server or account token',
    kind: 'api-key',
    keywords: ['postmark'],
    pattern: new RegExp(
      String.raw`${anyCase('postmark')}[A-Za-z0-9_.-]{0,20}?(?:${anyCase('token')}|${anyCase('key')}|${anyCase('client')})[A-Za-z0-9_]{0,8}${SET}(?<secret>${UUID})(?![A-Za-z0-9-])`,
    ),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `POSTMARK_SERVER_TOKEN=${uuid(f)}`,
        `const client = new postmark.ServerClient("${uuid(f)}");`,
        `curl -H "X-Postmark-Server-Token: ${uuid(f)}" https://api.postmarkapp.com/email`,
      ],
      ignores: (f) => [
        'POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST',
        `postmark_message_id: "${uuid(f)}"`,
        'POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000',
      ],
    },
  },

  // ---------------------------------------------------------------- AI providers
  {
    id: 'openai-api-key',
    title: 'OpenAI API key (legacy user key)',
    kind: 'api-key',
    keywords: ['t3blbkfj'],
    // T3BlbkFJ is "OpenAI" in base64, set in the middle of every OpenAI key.
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `OPENAI_API_KEY=sk-${f.chars('aA0', 20)}T3BlbkFJ${f.chars('aA0', 20)}`,
        `openai.api_key = "sk-${f.chars('aA0', 20)}T3BlbkFJ${f.chars('aA0', 20)}"`,
      ],
      ignores: (f) => ['OPENAI_API_KEY=sk-...', `OPENAI_API_KEY=sk-${f.chars('aA0', 48)}`, `sk-${f.chars('aA0', 10)}T3BlbkFJ${f.chars('aA0', 10)}`],
    },
  },
  {
    id: 'openai-project-key',
    title: 'OpenAI project API key',
    kind: 'api-key',
    keywords: ['sk-proj-'],
    pattern: /(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{20,120}T3BlbkFJ[A-Za-z0-9_-]{20,120}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `OPENAI_API_KEY=sk-proj-${f.chars('b64url', 74)}T3BlbkFJ${f.chars('b64url', 74)}`,
        `const openai = new OpenAI({ apiKey: 'sk-proj-${f.chars('aA0', 20)}T3BlbkFJ${f.chars('aA0', 20)}' });`,
      ],
      ignores: (f) => ['OPENAI_API_KEY=sk-proj-...', 'OPENAI_API_KEY="sk-proj-<your key>"', `sk-proj-${f.chars('aA0', 100)}`],
    },
  },
  {
    id: 'openai-service-account-key',
    title: 'OpenAI service account API key',
    kind: 'api-key',
    keywords: ['sk-svcacct-'],
    pattern: /(?<![A-Za-z0-9_-])sk-svcacct-[A-Za-z0-9_-]{20,120}T3BlbkFJ[A-Za-z0-9_-]{20,120}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `OPENAI_API_KEY=sk-svcacct-${f.chars('b64url', 74)}T3BlbkFJ${f.chars('b64url', 74)}`,
        `api_key: "sk-svcacct-${f.chars('b64url', 58)}T3BlbkFJ${f.chars('b64url', 58)}"`,
      ],
      ignores: (f) => ['sk-svcacct-...', `sk-svcacct-${f.chars('aA0', 60)}`],
    },
  },
  {
    id: 'openai-admin-key',
    title: 'OpenAI admin API key',
    kind: 'api-key',
    keywords: ['sk-admin-'],
    pattern: /(?<![A-Za-z0-9_-])sk-admin-[A-Za-z0-9_-]{20,120}T3BlbkFJ[A-Za-z0-9_-]{20,120}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `OPENAI_ADMIN_KEY=sk-admin-${f.chars('b64url', 58)}T3BlbkFJ${f.chars('b64url', 58)}`,
        `headers = {"Authorization": "Bearer sk-admin-${f.chars('b64url', 58)}T3BlbkFJ${f.chars('b64url', 58)}"}`,
      ],
      ignores: (f) => ['OPENAI_ADMIN_KEY=sk-admin-<key>', `sk-admin-${f.chars('aA0', 40)}`],
    },
  },
  {
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    kind: 'api-key',
    keywords: ['sk-ant-api'],
    pattern: /(?<![A-Za-z0-9_-])sk-ant-api[0-9]{2}-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `ANTHROPIC_API_KEY=sk-ant-api03-${f.chars('b64url', 93)}AA`,
        `client = anthropic.Anthropic(api_key="sk-ant-api03-${f.chars('b64url', 93)}AA")`,
      ],
      ignores: (f) => ['ANTHROPIC_API_KEY=sk-ant-api03-...', `sk-ant-api03-${f.chars('b64url', 40)}AA`, `sk-ant-api03-${f.chars('b64url', 95)}`],
    },
  },
  {
    id: 'anthropic-admin-key',
    title: 'Anthropic admin API key',
    kind: 'api-key',
    keywords: ['sk-ant-admin'],
    pattern: /(?<![A-Za-z0-9_-])sk-ant-admin[0-9]{2}-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `ANTHROPIC_ADMIN_KEY=sk-ant-admin01-${f.chars('b64url', 93)}AA`,
        `"x-api-key": "sk-ant-admin01-${f.chars('b64url', 93)}AA"`,
      ],
      ignores: (f) => ['sk-ant-admin01-...', `sk-ant-admin01-${f.chars('b64url', 50)}`],
    },
  },
  {
    id: 'huggingface-token',
    title: 'Hugging Face access token',
    kind: 'api-key',
    keywords: ['hf_', 'api_org_'],
    pattern: /(?<![A-Za-z0-9_])(?:hf|api_org)_[A-Za-z]{34}(?![A-Za-z0-9_])/,
    validate: (s) => mixedCase(s.slice(s.lastIndexOf('_') + 1)) && entropyAtLeast(3.5)(s),
    samples: {
      matches: (f) => [`HF_TOKEN=hf_${f.chars('aA', 34)}`, `login(token="hf_${f.chars('aA', 34)}")`, `HUGGINGFACE_ORG_TOKEN=api_org_${f.chars('aA', 34)}`],
      ignores: (f) => [
        'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'from huggingface_hub import hf_hub_download',
        `hf_${f.chars('a', 34)}`,
        `hf_${f.chars('aA', 20)}`,
      ],
    },
  },
  {
    id: 'cohere-api-key',
    title: 'Cohere API key',
    kind: 'api-key',
    keywords: ['cohere', 'co_api_key'],
    pattern: assigned(`(?:${anyCase('cohere')}[A-Za-z0-9_.-]{0,16}|${NOT_ALNUM_BEFORE}${anyCase('co_api_key')})`, '[A-Za-z0-9]{40}', NOT_ALNUM_AFTER, 0),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`COHERE_API_KEY=${f.chars('aA0', 40)}`, `CO_API_KEY="${f.chars('aA0', 40)}"`, `co = cohere.Client("${f.chars('aA0', 40)}")`],
      ignores: (f) => ['COHERE_API_KEY=<your-api-key>', `cohere_model = "command-r-plus"`, `COHERE_API_KEY=${f.chars('aA0', 30)}`],
    },
  },
  {
    id: 'mistral-api-key',
    title: 'Mistral AI API key',
    kind: 'api-key',
    keywords: ['mistral'],
    pattern: assigned(`${anyCase('mistral')}[A-Za-z0-9_.-]{0,16}`, '[A-Za-z0-9]{32}', NOT_ALNUM_AFTER, 0),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`MISTRAL_API_KEY=${f.chars('aA0', 32)}`, `client = Mistral(api_key="${f.chars('aA0', 32)}")`],
      ignores: (f) => ['MISTRAL_API_KEY=your-mistral-key', `mistral_model = "mistral-large-latest"`, `MISTRAL_API_KEY=${f.chars('aA0', 24)}`],
    },
  },
  {
    id: 'groq-api-key',
    title: 'Groq API key',
    kind: 'api-key',
    keywords: ['gsk_'],
    pattern: /(?<![A-Za-z0-9_])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`GROQ_API_KEY=gsk_${f.chars('aA0', 52)}`, `client = Groq(api_key="gsk_${f.chars('aA0', 52)}")`],
      ignores: (f) => ['GROQ_API_KEY=gsk_...', `gsk_${f.chars('aA0', 30)}`, `gsk_${'A'.repeat(52)}`],
    },
  },
  {
    id: 'replicate-api-token',
    title: 'Replicate API token',
    kind: 'api-key',
    keywords: ['r8_'],
    pattern: /(?<![A-Za-z0-9_])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`REPLICATE_API_TOKEN=r8_${f.chars('aA0', 37)}`, `replicate.Client(api_token="r8_${f.chars('aA0', 37)}")`],
      ignores: (f) => ['REPLICATE_API_TOKEN=r8_****', `r8_${f.chars('aA0', 20)}`, `var r8_${f.chars('a', 10)} = 1`],
    },
  },
  {
    id: 'perplexity-api-key',
    title: 'Perplexity API key',
    kind: 'api-key',
    keywords: ['pplx-'],
    pattern: /(?<![A-Za-z0-9_-])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`PERPLEXITY_API_KEY=pplx-${f.chars('aA0', 48)}`, `"Authorization": "Bearer pplx-${f.chars('aA0', 48)}"`],
      ignores: (f) => ['PERPLEXITY_API_KEY=pplx-xxxxxxxx', `pplx-${f.chars('aA0', 30)}`],
    },
  },
  {
    id: 'xai-api-key',
    title: 'xAI (Grok) API key',
    kind: 'api-key',
    keywords: ['xai-'],
    pattern: /(?<![A-Za-z0-9_-])xai-[A-Za-z0-9]{80}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`XAI_API_KEY=xai-${f.chars('aA0', 80)}`, `client = OpenAI(base_url="https://api.x.ai/v1", api_key="xai-${f.chars('aA0', 80)}")`],
      ignores: (f) => ['XAI_API_KEY=xai-...', `xai-${f.chars('aA0', 40)}`, 'model: xai-grok-beta'],
    },
  },

  // ---------------------------------------------------------------- commerce and payments
  {
    id: 'shopify-access-token',
    title: 'Shopify Admin API access token',
    kind: 'api-key',
    keywords: ['shpat_', 'shpca_'],
    pattern: /(?<![A-Za-z0-9_])shp(?:at|ca)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SHOPIFY_ACCESS_TOKEN=shpat_${f.chars('hex', 32)}`, `headers: { 'X-Shopify-Access-Token': 'shpca_${f.chars('hex', 32)}' }`],
      ignores: (f) => ['SHOPIFY_ACCESS_TOKEN=shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', `shpat_${f.chars('hex', 20)}`, `shpat_${'0'.repeat(32)}`],
    },
  },
  {
    id: 'shopify-private-app-password',
    title: 'Shopify private app password',
    kind: 'api-key',
    keywords: ['shppa_'],
    pattern: /(?<![A-Za-z0-9_])shppa_[a-fA-F0-9]{32}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SHOPIFY_PASSWORD=shppa_${f.chars('hex', 32)}`, `https://apikey:shppa_${f.chars('hex', 32)}@shop.myshopify.com/admin`],
      ignores: (f) => ['SHOPIFY_PASSWORD=shppa_...', `shppa_${f.chars('hex', 31)}`],
    },
  },
  {
    id: 'shopify-shared-secret',
    title: 'Shopify app shared secret',
    kind: 'oauth-token',
    keywords: ['shpss_'],
    pattern: /(?<![A-Za-z0-9_])shpss_[a-fA-F0-9]{32}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SHOPIFY_API_SECRET=shpss_${f.chars('hex', 32)}`, `apiSecretKey: "shpss_${f.chars('hex', 32)}",`],
      ignores: (f) => ['SHOPIFY_API_SECRET=shpss_<secret>', `shpss_${f.chars('hex', 16)}`],
    },
  },
  {
    id: 'square-access-token',
    title: 'Square access token',
    kind: 'api-key',
    keywords: ['square'],
    // EAAA + 60: the current format. "EAA" also starts Meta tokens, so the Square name must be on the line.
    pattern: near(anyCase('square'), 'EAAA[A-Za-z0-9_-]{50,70}', '(?<![A-Za-z0-9_-])', '(?![A-Za-z0-9_-])'),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SQUARE_ACCESS_TOKEN=EAAA${f.chars('b64url', 60)}`, `const client = new square.Client({ accessToken: "EAAA${f.chars('aA0', 60)}" });`],
      ignores: (f) => [`FACEBOOK_TOKEN=EAAA${f.chars('aA0', 60)}`, 'SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxx', `SQUARE_ACCESS_TOKEN=EAAA${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'square-legacy-access-token',
    title: 'Square access token (legacy sq0atp format)',
    kind: 'api-key',
    keywords: ['sq0atp-'],
    pattern: /(?<![A-Za-z0-9_-])sq0atp-[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SQUARE_TOKEN=sq0atp-${f.chars('b64url', 22)}`, `access_token: "sq0atp-${f.chars('aA0', 22)}"`],
      ignores: (f) => ['SQUARE_TOKEN=sq0atp-XXXXXXXXXXXXXXXXXXXXXX', `sq0atp-${f.chars('aA0', 10)}`],
    },
  },
  {
    id: 'square-oauth-secret',
    title: 'Square OAuth application secret',
    kind: 'oauth-token',
    keywords: ['sq0csp-'],
    pattern: /(?<![A-Za-z0-9_-])sq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SQUARE_APP_SECRET=sq0csp-${f.chars('b64url', 43)}`, `"client_secret": "sq0csp-${f.chars('aA0', 43)}"`],
      ignores: (f) => ['SQUARE_APP_SECRET=sq0csp-...', `sq0csp-${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'braintree-access-token',
    title: 'PayPal Braintree production access token',
    kind: 'api-key',
    keywords: ['access_token$production$'],
    pattern: /access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `BRAINTREE_ACCESS_TOKEN=access_token$production$${f.chars('a0', 16)}$${f.chars('hex', 32)}`,
        `gateway = braintree.BraintreeGateway(access_token="access_token$production$${f.chars('a0', 16)}$${f.chars('hex', 32)}")`,
      ],
      ignores: (f) => [
        `access_token$sandbox$${f.chars('a0', 16)}$${f.chars('hex', 32)}`,
        'access_token$production$<merchant>$<token>',
      ],
    },
  },
  {
    id: 'shippo-live-token',
    title: 'Shippo live API token',
    kind: 'api-key',
    keywords: ['shippo_live_'],
    pattern: /(?<![A-Za-z0-9_])shippo_live_[a-f0-9]{40}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`SHIPPO_API_KEY=shippo_live_${f.chars('hex', 40)}`, `shippo.config.api_key = "shippo_live_${f.chars('hex', 40)}"`],
      ignores: (f) => [`SHIPPO_API_KEY=shippo_test_${f.chars('hex', 40)}`, 'shippo_live_<token>', `shippo_live_${f.chars('hex', 30)}`],
    },
  },
  {
    id: 'easypost-api-key',
    title: 'EasyPost production API key',
    kind: 'api-key',
    keywords: ['ezak'],
    pattern: /(?<![A-Za-z0-9_])EZAK[A-Za-z0-9]{54}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`EASYPOST_API_KEY=EZAK${f.chars('aA0', 54)}`, `client = easypost.EasyPostClient("EZAK${f.chars('a0', 54)}")`],
      ignores: (f) => [`EASYPOST_TEST_KEY=EZTK${f.chars('aA0', 54)}`, `EZAK${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'lob-api-key',
    title: 'Lob live API key',
    kind: 'api-key',
    keywords: ['live_'],
    pattern: assigned(`${NOT_ALNUM_BEFORE}${anyCase('lob')}[A-Za-z0-9_.-]{0,16}`, 'live_[a-f0-9]{35}', NOT_ALNUM_AFTER, 0),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`LOB_API_KEY=live_${f.chars('hex', 35)}`, `const lob = new Lob({ apiKey: 'live_${f.chars('hex', 35)}' });`],
      ignores: (f) => [`LOB_API_KEY=test_${f.chars('hex', 35)}`, `LOB_PUBLISHABLE_KEY=live_pub_${f.chars('hex', 31)}`, `global_key=live_${f.chars('hex', 35)}`],
    },
  },
  {
    id: 'plaid-secret',
    title: 'Plaid API secret',
    kind: 'api-key',
    keywords: ['plaid'],
    pattern: assigned(`${anyCase('plaid')}[A-Za-z0-9_.-]{0,20}?${anyCase('secret')}`, '[a-z0-9]{30}'),
    minEntropy: 3,
    samples: {
      matches: (f) => [`PLAID_SECRET=${f.chars('hex', 30)}`, `plaid:\n  plaid_secret_production: "${f.chars('a0', 30)}"`],
      ignores: (f) => [`PLAID_CLIENT_ID=${f.chars('hex', 24)}`, 'PLAID_SECRET=your-plaid-secret', `PLAID_SECRET=${f.chars('hex', 20)}`],
    },
  },
  {
    id: 'plaid-access-token',
    title: 'Plaid item access token',
    kind: 'api-key',
    keywords: ['access-production-', 'access-development-'],
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9-])access-(?:production|development)-${UUID}(?![A-Za-z0-9-])`),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`PLAID_ACCESS_TOKEN=access-production-${uuid(f)}`, `access_token: "access-development-${uuid(f)}"`],
      ignores: (f) => [`access-sandbox-${uuid(f)}`, 'access-production-<item-token>'],
    },
  },
  {
    id: 'flutterwave-secret-key',
    title: 'Flutterwave live secret key',
    kind: 'api-key',
    keywords: ['flwseck-'],
    pattern: /(?<![A-Za-z0-9_])FLWSECK-[a-f0-9]{32}-X(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`FLW_SECRET_KEY=FLWSECK-${f.chars('hex', 32)}-X`, `secret_key: "FLWSECK-${f.chars('hex', 32)}-X"`],
      ignores: (f) => [`FLW_SECRET_KEY=FLWSECK_TEST-${f.chars('hex', 32)}-X`, 'FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X'],
    },
  },
  {
    id: 'razorpay-key-secret',
    title: 'Razorpay key secret',
    kind: 'api-key',
    keywords: ['razorpay', 'rzp_live_'],
    // By name (RAZORPAY_KEY_SECRET=...), or after the live key id on the same line ({ key_id, key_secret }, "id,secret").
    pattern: new RegExp(
      String.raw`(?:${anyCase('razorpay')}[A-Za-z0-9_.-]{0,20}?${anyCase('secret')}[A-Za-z0-9_]{0,8}${SET}|(?<![A-Za-z0-9_])rzp_live_[A-Za-z0-9]{14}(?:["']?[ \t]{0,4}[,:;|][ \t]{0,4}["']?|[^\n]{0,60}?${words('key', 'secret')}${SET}))(?<secret>[A-Za-z0-9]{24})(?![A-Za-z0-9])`,
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `RAZORPAY_KEY_SECRET=${f.chars('aA0', 24)}`,
        `const rzp = new Razorpay({ key_id: 'rzp_live_${f.chars('aA0', 14)}', key_secret: '${f.chars('aA0', 24)}' });`,
        `rzp_live_${f.chars('aA0', 14)},${f.chars('aA0', 24)}`,
      ],
      ignores: (f) => [
        `RAZORPAY_KEY_ID=rzp_live_${f.chars('aA0', 14)}`,
        `{ key_id: 'rzp_test_${f.chars('aA0', 14)}', key_secret: '${f.chars('aA0', 24)}' }`,
        'RAZORPAY_KEY_SECRET=process.env.RAZORPAY_SECRET',
      ],
    },
  },
  {
    id: 'adyen-api-key',
    title: 'Adyen API key',
    kind: 'api-key',
    keywords: ['adyen'],
    pattern: assigned(`${anyCase('adyen')}[A-Za-z0-9_.-]{0,16}?${anyCase('key')}`, 'AQE[A-Za-z0-9+/=._-]{50,300}', '', 8),
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [
        `ADYEN_API_KEY=AQE${f.chars('b64', 80)}==-${f.chars('b64', 43)}=-${f.chars('aA0', 16)}`,
        `adyen_api_key: "AQE${f.chars('aA0', 8)}.${f.chars('b64url', 60)}"`,
      ],
      ignores: (f) => [`ADYEN_CLIENT_KEY=live_${f.chars('A0', 32)}`, 'ADYEN_API_KEY=AQE...', `ADYEN_HMAC_KEY=${f.chars('HEX', 64)}`],
    },
  },
  {
    id: 'duffel-live-token',
    title: 'Duffel live access token',
    kind: 'api-key',
    keywords: ['duffel_live_'],
    pattern: /(?<![A-Za-z0-9_])duffel_live_[A-Za-z0-9_=-]{43}(?![A-Za-z0-9_=-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`DUFFEL_ACCESS_TOKEN=duffel_live_${f.chars('b64url', 43)}`, `new Duffel({ token: 'duffel_live_${f.chars('aA0', 43)}' })`],
      ignores: (f) => [`DUFFEL_ACCESS_TOKEN=duffel_test_${f.chars('b64url', 43)}`, `duffel_live_${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'coinbase-api-secret',
    title: 'Coinbase API secret',
    kind: 'api-key',
    keywords: ['coinbase'],
    pattern: assigned(`${anyCase('coinbase')}[A-Za-z0-9_.-]{0,20}?${anyCase('secret')}`, '[A-Za-z0-9+/]{32,88}={0,2}', '(?![A-Za-z0-9+/=])'),
    minEntropy: 3.8,
    samples: {
      matches: (f) => [`COINBASE_API_SECRET=${f.chars('aA0', 32)}`, `coinbase_api_secret: "${f.chars('b64', 86)}=="`],
      ignores: (f) => ['COINBASE_API_SECRET=<api-secret>', `COINBASE_API_KEY=${f.chars('aA0', 16)}`, `COINBASE_API_SECRET=${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'binance-api-secret',
    title: 'Binance API secret key',
    kind: 'api-key',
    keywords: ['binance'],
    pattern: assigned(`${anyCase('binance')}[A-Za-z0-9_.-]{0,20}?${anyCase('secret')}`, '[A-Za-z0-9]{64}'),
    minEntropy: 4,
    samples: {
      matches: (f) => [`BINANCE_API_SECRET=${f.chars('aA0', 64)}`, `binance_secret_key = '${f.chars('aA0', 64)}'`],
      ignores: (f) => ['BINANCE_API_SECRET=your_secret_key', `BINANCE_API_SECRET=${f.chars('aA0', 40)}`],
    },
  },

  // ---------------------------------------------------------------- observability and operations
  {
    id: 'datadog-api-key',
    title: 'Datadog API key',
    kind: 'api-key',
    keywords: ['datadog', 'dd_api', 'dd-api', 'dd.api', 'ddapi'],
    pattern: assigned(`(?:${anyCase('datadog')}|${NOT_ALNUM_BEFORE}${anyCase('dd')})[_.-]?${words('api', 'key')}`, '[0-9a-fA-F]{32}'),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `DD_API_KEY=${f.chars('hex', 32)}`,
        `datadog:\n  datadog_api_key: "${f.chars('hex', 32)}"`,
        `curl -H "DD-API-KEY: ${f.chars('hex', 32)}" https://api.datadoghq.com/api/v1/validate`,
      ],
      ignores: (f) => [
        'DD_API_KEY=<DATADOG_API_KEY>',
        `DD_APP_KEY=${f.chars('hex', 40)}`,
        `ADD_API_KEY=${f.chars('hex', 32)}`,
        'DD_API_KEY=${DD_API_KEY}',
      ],
    },
  },
  {
    id: 'datadog-app-key',
    title: 'Datadog application key',
    kind: 'api-key',
    keywords: ['datadog', 'dd_app', 'dd-app', 'dd.app', 'ddapp'],
    pattern: assigned(`(?:${anyCase('datadog')}|${NOT_ALNUM_BEFORE}${anyCase('dd')})[_.-]?${anyCase('app')}(?:${anyCase('lication')})?[_.-]?${anyCase('key')}`, '[0-9a-fA-F]{40}'),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `DD_APP_KEY=${f.chars('hex', 40)}`,
        `"DD-APPLICATION-KEY": "${f.chars('hex', 40)}"`,
        `datadogAppKey: '${f.chars('hex', 40)}'`,
      ],
      ignores: (f) => ['DD_APP_KEY=<app-key>', `DD_APP_KEY=${f.chars('hex', 32)}`, `DD_APPLICATION_ID=${uuid(f)}`],
    },
  },
  {
    id: 'newrelic-user-api-key',
    title: 'New Relic user API key',
    kind: 'api-key',
    keywords: ['nrak-'],
    pattern: /(?<![A-Za-z0-9_-])NRAK-[A-Z0-9]{27}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`NEW_RELIC_API_KEY=NRAK-${f.chars('A0', 27)}`, `headers: { 'API-Key': 'NRAK-${f.chars('A0', 27)}' }`],
      ignores: (f) => ['NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX', `NRAK-${f.chars('A0', 10)}`, `NRJS-${f.chars('hex', 19)}`],
    },
  },
  {
    id: 'newrelic-insights-key',
    title: 'New Relic Insights insert or query key',
    kind: 'api-key',
    keywords: ['nrii-', 'nriq-'],
    pattern: /(?<![A-Za-z0-9_-])NRI[IQ]-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`NEW_RELIC_INSERT_KEY=NRII-${f.chars('b64url', 32)}`, `"X-Query-Key": "NRIQ-${f.chars('aA0', 32)}"`],
      ignores: (f) => ['NRII-<insert-key>', `NRII-${f.chars('aA0', 16)}`],
    },
  },
  {
    id: 'newrelic-license-key',
    title: 'New Relic license (ingest) key',
    kind: 'api-key',
    keywords: ['nral'],
    pattern: /(?<![A-Za-z0-9])[a-z0-9]{36}NRAL(?![A-Za-z0-9])/,
    validate: entropyAtLeast(3.2),
    samples: {
      matches: (f) => [`NEW_RELIC_LICENSE_KEY=eu01xx${f.chars('hex', 30)}NRAL`, `license_key: '${f.chars('hex', 36)}NRAL'`],
      ignores: (f) => ['NEW_RELIC_LICENSE_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxNRAL', `${f.chars('hex', 20)}NRAL`, 'general configuration'],
    },
  },
  {
    id: 'pagerduty-api-key',
    title: 'PagerDuty API key or integration key',
    kind: 'api-key',
    keywords: ['pagerduty'],
    pattern: assigned(
      `${anyCase('pagerduty')}[A-Za-z0-9_.-]{0,24}?(?:${anyCase('token')}|${anyCase('key')})`,
      '(?:[A-Za-z0-9_+-]{20}|[a-f0-9]{32})',
      '(?![A-Za-z0-9_+-])',
      8,
    ),
    minEntropy: 3.3,
    samples: {
      matches: (f) => [
        `PAGERDUTY_API_TOKEN=u+${f.chars('aA0', 18)}`,
        `pagerduty_token: "${f.chars('b64url', 20)}"`,
        `PAGERDUTY_INTEGRATION_KEY=${f.chars('hex', 32)}`,
      ],
      ignores: (f) => ['PAGERDUTY_API_TOKEN=<api-token>', `PAGERDUTY_SERVICE_ID=P${f.chars('A0', 6)}`, `PAGERDUTY_API_TOKEN=${f.chars('aA0', 12)}`],
    },
  },

  // ---------------------------------------------------------------- social and messaging
  {
    id: 'twitter-bearer-token',
    title: 'Twitter/X app-only bearer token',
    kind: 'oauth-token',
    keywords: ['twitter', 'bearer'],
    // App-only bearer tokens open with a run of A's; the name (or "Bearer") must be on the line.
    pattern: near(`(?:${anyCase('twitter')}|${anyCase('bearer')})`, 'A{18,24}[A-Za-z0-9%]{40,160}', '(?<![A-Za-z0-9%])', '(?![A-Za-z0-9%])'),
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [
        `TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA${f.chars('aA0', 20)}%2F${f.chars('aA0', 20)}%3D${f.chars('aA0', 40)}`,
        `headers = {"Authorization": "Bearer AAAAAAAAAAAAAAAAAAAAA${f.chars('aA0', 90)}"}`,
      ],
      ignores: (f) => [
        'TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA',
        `"Authorization": "Bearer ${f.chars('aA0', 90)}"`,
        `TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA${f.chars('aA0', 10)}`,
      ],
    },
  },
  {
    id: 'facebook-access-token',
    title: 'Facebook/Meta access token',
    kind: 'oauth-token',
    keywords: ['facebook', 'instagram', 'whatsapp', 'fb_', 'fb-', 'meta_', 'meta-'],
    pattern: near(
      `(?:${anyCase('facebook')}|${anyCase('instagram')}|${anyCase('whatsapp')}|${NOT_ALNUM_BEFORE}(?:${anyCase('fb')}|${anyCase('meta')})[_-])`,
      // Graph API Explorer tokens (EAACEdEose0cBA...) have a rule of their own.
      'EAA(?!CEdEose0cBA)[A-Za-z0-9]{60,400}',
    ),
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [
        `FB_ACCESS_TOKEN=EAAG${f.chars('aA0', 150)}`,
        `url = "https://graph.facebook.com/v19.0/me?access_token=EAAB${f.chars('aA0', 180)}"`,
        `WHATSAPP_TOKEN: EAAJ${f.chars('aA0', 200)}`,
      ],
      ignores: (f) => [`SQUARE_ACCESS_TOKEN=EAAA${f.chars('aA0', 60)}`, 'FB_ACCESS_TOKEN=EAAG...', `FB_ACCESS_TOKEN=EAAG${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'facebook-graph-explorer-token',
    title: 'Facebook Graph API Explorer access token',
    kind: 'oauth-token',
    keywords: ['eaacedeose0cba'],
    pattern: /(?<![A-Za-z0-9])EAACEdEose0cBA[A-Za-z0-9]{20,400}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [`token = "EAACEdEose0cBA${f.chars('aA0', 150)}"`, `curl "https://graph.facebook.com/me?access_token=EAACEdEose0cBA${f.chars('aA0', 100)}"`],
      ignores: (f) => ['EAACEdEose0cBA...', `EAACEdEose0cBA${f.chars('aA0', 10)}`],
    },
  },
  {
    id: 'facebook-app-secret',
    title: 'Facebook/Meta app secret',
    kind: 'oauth-token',
    keywords: ['facebook', 'fb_', 'fb-', 'fb.', 'fbapp', 'fbclient', 'fbsecret'],
    pattern: assigned(
      `(?:${anyCase('facebook')}|${NOT_ALNUM_BEFORE}${anyCase('fb')})[_.-]?(?:(?:${anyCase('app')}|${anyCase('client')})[_.-]?)?${anyCase('secret')}`,
      '[0-9a-f]{32}',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [`FACEBOOK_APP_SECRET=${f.chars('hex', 32)}`, `fb_secret: "${f.chars('hex', 32)}"`, `facebookClientSecret = '${f.chars('hex', 32)}'`],
      ignores: (f) => [`FACEBOOK_APP_ID=${f.chars('0', 15)}`, 'FACEBOOK_APP_SECRET=your-app-secret', `FACEBOOK_APP_SECRET=${f.chars('hex', 20)}`],
    },
  },
  {
    id: 'discord-bot-token',
    title: 'Discord bot token',
    kind: 'api-key',
    keywords: ['discord', '.login('],
    // <bot id in base64>.<timestamp>.<HMAC>; on a line that names Discord or in client.login("...").
    pattern: near(
      `(?:${anyCase('discord')}|\\.login\\()`,
      '[MNO][A-Za-z0-9_-]{22,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}',
      '(?<![A-Za-z0-9_-])',
      '(?![A-Za-z0-9_-])',
    ),
    validate: (s) => isDiscordBotToken(s) && entropyAtLeast(4)(s),
    samples: {
      matches: (f) => [
        `DISCORD_TOKEN=${discordId(f)}.${f.chars('b64url', 6)}.${f.chars('b64url', 38)}`,
        `client.login('${discordId(f, 19)}.${f.chars('b64url', 6)}.${f.chars('b64url', 27)}');`,
        `discord_bot_token: "${discordId(f, 19)}.${f.chars('b64url', 6)}.${f.chars('b64url', 38)}"`,
      ],
      ignores: (f) => [
        `DISCORD_TOKEN=M${f.chars('aA0', 23)}.${f.chars('b64url', 6)}.${f.chars('b64url', 27)}`,
        `DISCORD_TOKEN=${discordId(f)}.${f.chars('b64url', 6)}`,
        'client.login(process.env.DISCORD_TOKEN);',
      ],
    },
  },
  {
    id: 'discord-webhook-url',
    title: 'Discord webhook URL',
    kind: 'api-key',
    keywords: ['discord.com/api', 'discordapp.com/api'],
    pattern:
      /(?:https?:\/\/)?(?:ptb\.|canary\.)?discord(?:app)?\.com\/api(?:\/v[0-9]{1,2})?\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,72}(?![A-Za-z0-9_-])/,
    samples: {
      matches: (f) => [
        `DISCORD_WEBHOOK=https://discord.com/api/webhooks/${f.chars('0', 19)}/${f.chars('b64url', 68)}`,
        `url: "https://discordapp.com/api/webhooks/${f.chars('0', 18)}/${f.chars('b64url', 68)}"`,
      ],
      ignores: (f) => ['https://discord.com/api/webhooks/{webhook.id}/{webhook.token}', `https://discord.com/api/webhooks/${f.chars('0', 19)}/<token>`],
    },
  },
  {
    id: 'telegram-bot-token',
    title: 'Telegram bot token',
    kind: 'api-key',
    keywords: [':aa'],
    pattern: /(?<![0-9])[0-9]{8,12}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(3.5),
    samples: {
      matches: (f) => [
        `TELEGRAM_BOT_TOKEN=${f.chars('0', 10)}:AA${f.chars('b64url', 33)}`,
        `bot = telebot.TeleBot("${f.chars('0', 9)}:AA${f.chars('aA0', 33)}")`,
        `curl https://api.telegram.org/bot${f.chars('0', 10)}:AA${f.chars('b64url', 33)}/getMe`,
      ],
      ignores: (f) => [
        'TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        `time 12:AA${f.chars('aA0', 33)}`,
        `${f.chars('0', 10)}:AA${f.chars('aA0', 20)}`,
      ],
    },
  },
  {
    id: 'microsoft-teams-webhook-url',
    title: 'Microsoft Teams incoming webhook URL',
    kind: 'api-key',
    keywords: ['webhook.office.com', 'outlook.office.com/webhook', 'outlook.office365.com/webhook'],
    pattern: new RegExp(
      String.raw`https://(?:[A-Za-z0-9-]{1,60}\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/${UUID}@${UUID}/IncomingWebhook/[A-Za-z0-9]{32}/${UUID}(?:/[A-Za-z0-9_-]{20,80})?`,
    ),
    samples: {
      matches: (f) => [
        `TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/${uuid(f)}@${uuid(f)}/IncomingWebhook/${f.chars('hex', 32)}/${uuid(f)}/V2${f.chars('b64url', 40)}`,
        `webhook_url: "https://outlook.office.com/webhook/${uuid(f)}@${uuid(f)}/IncomingWebhook/${f.chars('hex', 32)}/${uuid(f)}"`,
      ],
      ignores: () => ['https://contoso.webhook.office.com/webhookb2/<webhook-id>', 'See https://learn.microsoft.com for webhook.office.com setup'],
    },
  },

  // ---------------------------------------------------------------- support, productivity, content
  {
    id: 'zendesk-api-token',
    title: 'Zendesk API token',
    kind: 'api-key',
    keywords: ['zendesk'],
    pattern: assigned(`${anyCase('zendesk')}[A-Za-z0-9_.-]{0,20}?${anyCase('token')}`, '[A-Za-z0-9]{40}'),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`ZENDESK_API_TOKEN=${f.chars('aA0', 40)}`, `zendesk:\n  zendesk_token: "${f.chars('aA0', 40)}"`],
      ignores: (f) => ['ZENDESK_API_TOKEN=<api-token>', `ZENDESK_API_TOKEN=${f.chars('aA0', 30)}`, 'ZENDESK_API_TOKEN=${ZENDESK_TOKEN}'],
    },
  },
  {
    id: 'intercom-access-token',
    title: 'Intercom access token',
    kind: 'api-key',
    keywords: ['intercom'],
    pattern: assigned(`${anyCase('intercom')}[A-Za-z0-9_.-]{0,20}?(?:${anyCase('token')}|${anyCase('key')})`, '[A-Za-z0-9+/_-]{56,64}={0,2}', '(?![A-Za-z0-9+/=_-])'),
    minEntropy: 4,
    samples: {
      matches: (f) => [`INTERCOM_ACCESS_TOKEN=dG9rOj${f.chars('b64', 52)}=`, `intercomToken: "${f.chars('aA0', 60)}"`],
      ignores: (f) => ['INTERCOM_ACCESS_TOKEN=<token>', `INTERCOM_APP_ID=${f.chars('a0', 8)}`, `INTERCOM_ACCESS_TOKEN=${f.chars('aA0', 30)}`],
    },
  },
  {
    id: 'algolia-admin-key',
    title: 'Algolia admin (write) API key',
    kind: 'api-key',
    keywords: ['algolia'],
    // The search-only key is public (it ships to browsers): only admin or write keys are reported.
    pattern: assigned(
      `${anyCase('algolia')}[A-Za-z0-9_.-]{0,16}?(?:${anyCase('admin')}|${anyCase('write')})[_.-]?(?:${anyCase('api')}[_.-]?)?${anyCase('key')}`,
      '[0-9a-f]{32}',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [`ALGOLIA_ADMIN_KEY=${f.chars('hex', 32)}`, `const algoliaAdminApiKey = "${f.chars('hex', 32)}";`, `ALGOLIA_WRITE_API_KEY: ${f.chars('hex', 32)}`],
      ignores: (f) => [`ALGOLIA_SEARCH_API_KEY=${f.chars('hex', 32)}`, `ALGOLIA_APP_ID=${f.chars('A0', 10)}`, 'ALGOLIA_ADMIN_KEY=<admin-key>'],
    },
  },
  {
    id: 'mapbox-secret-token',
    title: 'Mapbox secret access token',
    kind: 'api-key',
    keywords: ['sk.eyj'],
    // pk.eyJ... tokens are public (they ship to browsers); sk. tokens are secret.
    pattern: /(?<![A-Za-z0-9_-])sk\.eyJ[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{20,40}(?![A-Za-z0-9_-])/,
    validate: isMapboxToken,
    samples: {
      matches: (f) => [`MAPBOX_SECRET_TOKEN=sk.${mapboxBody(f)}.${f.chars('b64url', 22)}`, `mapbox_token: "sk.${mapboxBody(f)}.${f.chars('b64url', 22)}"`],
      ignores: (f) => [
        `mapboxgl.accessToken = 'pk.${mapboxBody(f)}.${f.chars('b64url', 22)}';`,
        `sk.eyJ${f.chars('b64url', 40)}.${f.chars('b64url', 22)}`,
        'MAPBOX_TOKEN=sk.eyJ...',
      ],
    },
  },
  {
    id: 'airtable-personal-access-token',
    title: 'Airtable personal access token',
    kind: 'api-key',
    keywords: ['pat'],
    pattern: /(?<![A-Za-z0-9_])pat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`AIRTABLE_TOKEN=pat${f.chars('aA0', 14)}.${f.chars('hex', 64)}`, `new Airtable({ apiKey: 'pat${f.chars('aA0', 14)}.${f.chars('hex', 64)}' })`],
      ignores: (f) => ['AIRTABLE_TOKEN=patXXXXXXXXXXXXXX.XXXX', `pat${f.chars('aA0', 14)}-${f.chars('hex', 64)}`, `pat${f.chars('aA0', 14)}.${f.chars('hex', 40)}`],
    },
  },
  {
    id: 'notion-integration-token',
    title: 'Notion integration token',
    kind: 'api-key',
    keywords: ['secret_', 'ntn_'],
    pattern: /(?<![A-Za-z0-9_])(?:secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35})(?![A-Za-z0-9])/,
    validate: (s) => mixedCase(s.slice(s.indexOf('_') + 1)) && /[0-9]/.test(s) && entropyAtLeast(4)(s),
    samples: {
      matches: (f) => [
        `NOTION_TOKEN=secret_${f.chars('aA0', 43)}`,
        `const notion = new Client({ auth: "ntn_${f.chars('0', 11)}${f.chars('aA0', 35)}" });`,
      ],
      ignores: (f) => [
        'NOTION_TOKEN=secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        `client_secret_${f.chars('aA0', 43)}`,
        `secret_${f.chars('a', 43)}`,
        'ntn_12345678901',
      ],
    },
  },
  {
    id: 'asana-personal-access-token',
    title: 'Asana personal access token',
    kind: 'api-key',
    keywords: ['asana'],
    pattern: near(anyCase('asana'), '[0-9]{1,2}/[0-9]{10,20}(?:/[0-9]{10,20})?:[0-9a-f]{32}', '(?<![0-9/])'),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [
        `ASANA_ACCESS_TOKEN=2/${f.chars('0', 16)}/${f.chars('0', 16)}:${f.chars('hex', 32)}`,
        `client = asana.Client.access_token('1/${f.chars('0', 16)}:${f.chars('hex', 32)}')`,
      ],
      ignores: (f) => ['ASANA_ACCESS_TOKEN=<personal-access-token>', `ratio 2/${f.chars('0', 16)}:${f.chars('hex', 32)}`, `ASANA_WORKSPACE_ID=${f.chars('0', 16)}`],
    },
  },
  {
    id: 'dropbox-short-lived-token',
    title: 'Dropbox short-lived access token',
    kind: 'oauth-token',
    keywords: ['sl.'],
    pattern: /(?<![A-Za-z0-9_.-])sl\.(?:u\.)?[A-Za-z0-9_-]{130,1400}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [`DROPBOX_ACCESS_TOKEN=sl.${f.chars('b64url', 138)}`, `dbx = dropbox.Dropbox("sl.u.${f.chars('b64url', 400)}")`],
      ignores: (f) => [`import ssl.${f.chars('a', 140)}`, 'DROPBOX_ACCESS_TOKEN=sl.xxxx', `sl.${f.chars('b64url', 40)}`],
    },
  },
  {
    id: 'dropbox-long-lived-token',
    title: 'Dropbox long-lived access token',
    kind: 'oauth-token',
    keywords: ['dropbox'],
    pattern: near(anyCase('dropbox'), '[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}', '(?<![A-Za-z0-9_-])', '(?![A-Za-z0-9_=-])'),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`DROPBOX_TOKEN=${f.chars('aA0', 11)}AAAAAAAAAA${f.chars('b64url', 43)}`, `dbx = dropbox.Dropbox('${f.chars('aA0', 11)}AAAAAAAAAA${f.chars('aA0', 43)}')`],
      ignores: (f) => [`token = "${f.chars('aA0', 11)}AAAAAAAAAA${f.chars('b64url', 43)}"`, `DROPBOX_APP_KEY=${f.chars('a0', 15)}`],
    },
  },
  {
    id: 'box-client-secret',
    title: 'Box OAuth client secret or developer token',
    kind: 'oauth-token',
    keywords: ['box_', 'box-', 'box.', 'boxclient', 'boxdeveloper'],
    pattern: assigned(`${NOT_ALNUM_BEFORE}${anyCase('box')}[_.-]?(?:${words('client', 'secret')}|${words('developer', 'token')})`, '[A-Za-z0-9]{32}'),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`BOX_CLIENT_SECRET=${f.chars('aA0', 32)}`, `boxDeveloperToken: '${f.chars('aA0', 32)}'`],
      ignores: (f) => [`DROPBOX_CLIENT_SECRET=${f.chars('aA0', 32)}`, `BOX_CLIENT_ID=${f.chars('a0', 32)}`, 'BOX_CLIENT_SECRET=<client-secret>'],
    },
  },
  {
    id: 'contentful-personal-access-token',
    title: 'Contentful personal access token',
    kind: 'api-key',
    keywords: ['cfpat-'],
    pattern: /(?<![A-Za-z0-9_-])CFPAT-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-${f.chars('b64url', 43)}`, `accessToken: "CFPAT-${f.chars('aA0', 43)}"`],
      ignores: (f) => ['CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-...', `CFPAT-${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'typeform-personal-access-token',
    title: 'Typeform personal access token',
    kind: 'api-key',
    keywords: ['tfp_'],
    pattern: /(?<![A-Za-z0-9_])tfp_[A-Za-z0-9_=-]{40,70}(?![A-Za-z0-9_=-])/,
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [`TYPEFORM_TOKEN=tfp_${f.chars('aA0', 44)}_${f.chars('aA0', 14)}`, `Authorization: Bearer tfp_${f.chars('b64url', 59)}`],
      ignores: (f) => ['TYPEFORM_TOKEN=tfp_<token>', `tfp_${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'segment-public-api-token',
    title: 'Segment Public API token',
    kind: 'api-key',
    keywords: ['sgp_'],
    // Write keys are embedded in browser snippets and are not reported; Public API tokens manage the workspace.
    pattern: /(?<![A-Za-z0-9_])sgp_[A-Za-z0-9_-]{60,70}(?![A-Za-z0-9_-])/,
    validate: entropyAtLeast(4),
    samples: {
      matches: (f) => [`SEGMENT_API_TOKEN=sgp_${f.chars('aA0', 64)}`, `"Authorization": "Bearer sgp_${f.chars('aA0', 64)}"`],
      ignores: (f) => [`analytics.load("${f.chars('aA0', 32)}")`, `sgp_${f.chars('aA0', 30)}`],
    },
  },
  {
    id: 'mixpanel-api-secret',
    title: 'Mixpanel API secret or service account secret',
    kind: 'api-key',
    keywords: ['mixpanel'],
    // The project token is public (it ships in the browser snippet): only secrets are reported.
    pattern: assigned(`${anyCase('mixpanel')}[A-Za-z0-9_.-]{0,24}?${anyCase('secret')}`, '[A-Za-z0-9]{32}'),
    minEntropy: 3.3,
    samples: {
      matches: (f) => [`MIXPANEL_API_SECRET=${f.chars('hex', 32)}`, `MIXPANEL_SERVICE_ACCOUNT_SECRET="${f.chars('aA0', 32)}"`],
      ignores: (f) => [`MIXPANEL_TOKEN=${f.chars('hex', 32)}`, `mixpanel.init("${f.chars('hex', 32)}")`, 'MIXPANEL_API_SECRET=<secret>'],
    },
  },
  {
    id: 'amplitude-secret-key',
    title: 'Amplitude secret key',
    kind: 'api-key',
    keywords: ['amplitude'],
    // The API key is public (browser SDK); the secret key authenticates the export and management APIs.
    pattern: assigned(`${anyCase('amplitude')}[A-Za-z0-9_.-]{0,16}?${anyCase('secret')}`, '[0-9a-f]{32}'),
    minEntropy: 3,
    samples: {
      matches: (f) => [`AMPLITUDE_SECRET_KEY=${f.chars('hex', 32)}`, `amplitude:\n  amplitude_secret: "${f.chars('hex', 32)}"`],
      ignores: (f) => [`AMPLITUDE_API_KEY=${f.chars('hex', 32)}`, `amplitude.init('${f.chars('hex', 32)}')`, 'AMPLITUDE_SECRET_KEY=changeme'],
    },
  },
  {
    id: 'launchdarkly-key',
    title: 'LaunchDarkly server-side SDK key or API access token',
    kind: 'api-key',
    keywords: ['launchdarkly', 'launch_darkly', 'launch-darkly', 'launch.darkly', 'ld_sdk', 'ld-sdk', 'ld.sdk', 'ld_api', 'ld-api', 'ld.api'],
    // sdk-<uuid> and api-<uuid>; mob- mobile keys and client-side ids are public.
    pattern: near(
      `(?:${words('launch', 'darkly')}|${NOT_ALNUM_BEFORE}${anyCase('ld')}[_.-](?:${anyCase('sdk')}|${anyCase('api')}))`,
      `(?:sdk|api)-${UUID}`,
      '(?<![A-Za-z0-9-])',
      '(?![A-Za-z0-9-])',
    ),
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`LAUNCHDARKLY_SDK_KEY=sdk-${uuid(f)}`, `LD_API_KEY: "api-${uuid(f)}"`, `const ldClient = LaunchDarkly.init('sdk-${uuid(f)}');`],
      ignores: (f) => [`LAUNCHDARKLY_MOBILE_KEY=mob-${uuid(f)}`, `sdk_version = "sdk-${uuid(f)}"`, 'LAUNCHDARKLY_SDK_KEY=sdk-<your-sdk-key>'],
    },
  },
  {
    id: 'auth0-client-secret',
    title: 'Auth0 client secret',
    kind: 'oauth-token',
    keywords: ['auth0'],
    pattern: assigned(`${anyCase('auth0')}[A-Za-z0-9_.-]{0,16}?${words('client', 'secret')}`, '[A-Za-z0-9_-]{64}', '(?![A-Za-z0-9_-])'),
    minEntropy: 4,
    samples: {
      matches: (f) => [`AUTH0_CLIENT_SECRET=${f.chars('b64url', 64)}`, `auth0ClientSecret: "${f.chars('aA0', 64)}"`],
      ignores: (f) => [`AUTH0_CLIENT_ID=${f.chars('aA0', 32)}`, 'AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}', `AUTH0_CLIENT_SECRET=${f.chars('aA0', 40)}`],
    },
  },
  {
    id: 'twitch-oauth-token',
    title: 'Twitch client secret or OAuth token',
    kind: 'oauth-token',
    keywords: ['twitch'],
    // IRC-style tokens are written "oauth:<token>": the prefix is not part of the secret.
    pattern: new RegExp(
      String.raw`${anyCase('twitch')}[A-Za-z0-9_.-]{0,16}?(?:${anyCase('secret')}|${anyCase('token')}|${anyCase('oauth')})[A-Za-z0-9_]{0,8}${SET}(?:oauth:)?(?<secret>[a-z0-9]{30})(?![A-Za-z0-9])`,
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`TWITCH_CLIENT_SECRET=${f.chars('a0', 30)}`, `twitch_oauth_token: "oauth:${f.chars('a0', 30)}"`],
      ignores: (f) => [`TWITCH_CLIENT_ID=${f.chars('A0', 30)}`, 'TWITCH_CLIENT_SECRET=<client-secret>', `TWITCH_CLIENT_SECRET=${f.chars('a0', 20)}`],
    },
  },
  {
    id: 'frameio-api-token',
    title: 'Frame.io developer token',
    kind: 'api-key',
    keywords: ['fio-u-'],
    pattern: /(?<![A-Za-z0-9_-])fio-u-[A-Za-z0-9_=-]{64}(?![A-Za-z0-9_=-])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`FRAMEIO_TOKEN=fio-u-${f.chars('b64url', 64)}`, `"Authorization": "Bearer fio-u-${f.chars('aA0', 64)}"`],
      ignores: (f) => ['FRAMEIO_TOKEN=fio-u-...', `fio-u-${f.chars('aA0', 30)}`],
    },
  },
  {
    id: 'lokalise-api-token',
    title: 'Lokalise API token',
    kind: 'api-key',
    keywords: ['lokalise'],
    pattern: assigned(`${anyCase('lokalise')}[A-Za-z0-9_.-]{0,16}?(?:${anyCase('token')}|${anyCase('key')})`, '[0-9a-f]{40}'),
    minEntropy: 3,
    samples: {
      matches: (f) => [`LOKALISE_API_TOKEN=${f.chars('hex', 40)}`, `lokalise:\n  lokalise_token: '${f.chars('hex', 40)}'`],
      ignores: (f) => [`LOKALISE_PROJECT_ID=${f.chars('0', 9)}.${f.chars('hex', 8)}`, 'LOKALISE_API_TOKEN=<token>'],
    },
  },
  {
    id: 'readme-api-key',
    title: 'ReadMe API key',
    kind: 'api-key',
    keywords: ['rdme_'],
    pattern: /(?<![A-Za-z0-9_])rdme_[a-z0-9]{70}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`README_API_KEY=rdme_${f.chars('a0', 70)}`, `rdme openapi --key=rdme_${f.chars('a0', 70)}`],
      ignores: (f) => ['README_API_KEY=rdme_xxxx', `rdme_${f.chars('a0', 40)}`],
    },
  },
  {
    id: 'prefect-api-key',
    title: 'Prefect Cloud API key',
    kind: 'api-key',
    keywords: ['pnu_'],
    pattern: /(?<![A-Za-z0-9_])pnu_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
    validate: entropyAtLeast(),
    samples: {
      matches: (f) => [`PREFECT_API_KEY=pnu_${f.chars('aA0', 36)}`, `prefect cloud login --key pnu_${f.chars('aA0', 36)}`],
      ignores: (f) => ['PREFECT_API_KEY=pnu_...', `pnu_${f.chars('aA0', 20)}`],
    },
  },
];

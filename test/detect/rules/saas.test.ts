/**
 * The third-party service rules on realistic files: what is found (rule and line) and, as much, what
 * is not: environment references, documentation placeholders, public keys (Stripe publishable keys,
 * Mapbox public tokens, analytics project tokens), identifiers that share a shape with secrets.
 */
import { describe, expect, it } from '@jest/globals';
import { createFake } from '../../support/fake.js';
import { reported, scanSample } from '../../support/scan.js';
import { evidenceOf } from '../../../src/detect/finding.js';

const f = createFake(5150);

const uuid = () => `${f.chars('hex', 8)}-${f.chars('hex', 4)}-4${f.chars('hex', 3)}-9${f.chars('hex', 3)}-${f.chars('hex', 12)}`;

describe('saas rules on realistic files', () => {
  it('a Node config module: process.env everywhere, one hard-coded Stripe key', () => {
    const stripeKey = `sk_live_${f.chars('aA0', 99)}`;
    const text = [
      "import 'dotenv/config';", // 1
      '', // 2
      'export const config = {', // 3
      '  stripe: {', // 4
      `    secretKey: process.env.STRIPE_SECRET_KEY ?? '${stripeKey}',`, // 5
      `    publishableKey: 'pk_live_${f.chars('aA0', 99)}',`, // 6
      '    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,', // 7
      '  },', // 8
      '  slack: { botToken: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET },', // 9
      '  twilio: {', // 10
      `    accountSid: 'AC${f.chars('hex', 32)}',`, // 11
      '    authToken: process.env.TWILIO_AUTH_TOKEN,', // 12
      '  },', // 13
      "  sendgrid: { apiKey: process.env.SENDGRID_API_KEY, from: 'noreply@acme.example' },", // 14
      `  datadog: { apiKey: process.env.DD_API_KEY, site: 'datadoghq.eu', applicationId: '${uuid()}' },`, // 15
      `  algolia: { appId: '${f.chars('A0', 10)}', searchKey: '${f.chars('hex', 32)}', adminKey: process.env.ALGOLIA_ADMIN_KEY },`, // 16
      `  mapbox: { publicToken: 'pk.${Buffer.from(JSON.stringify({ u: 'acme', a: f.chars('a0', 25) })).toString('base64url')}.${f.chars('b64url', 22)}' },`, // 17
      `  mixpanel: { token: '${f.chars('hex', 32)}' },`, // 18
      "  openai: { apiKey: process.env.OPENAI_API_KEY, model: 'gpt-4o-mini' },", // 19
      '};', // 20
    ].join('\n');
    const findings = scanSample({ path: 'src/config.ts', text });
    expect(findings.map((x) => ({ ruleId: x.ruleId, line: x.startLine }))).toEqual([{ ruleId: 'stripe-secret-key', line: 5 }]);
    expect(evidenceOf(findings[0]!)?.secret).toBe(stripeKey);
  });

  it('a Slack notifier script: the webhook URL is the credential', () => {
    const hook = `https://hooks.slack.com/services/T${f.chars('A0', 9)}/B${f.chars('A0', 11)}/${f.chars('aA0', 24)}`;
    const text = [
      '#!/usr/bin/env python3', // 1
      '"""Posts the nightly build status to #builds."""', // 2
      'import json', // 3
      'import os', // 4
      'import urllib.request', // 5
      '', // 6
      `WEBHOOK_URL = os.environ.get("SLACK_WEBHOOK_URL", "${hook}")`, // 7
      'DOCS = "https://api.slack.com/messaging/webhooks"', // 8
      'CHANNEL_ID = "C0123ABCDEF"', // 9
      '', // 10
      'def notify(status: str) -> None:', // 11
      '    body = json.dumps({"text": f"nightly build: {status}"}).encode()', // 12
      '    req = urllib.request.Request(WEBHOOK_URL, data=body, headers={"Content-Type": "application/json"})', // 13
      '    urllib.request.urlopen(req, timeout=10)', // 14
    ].join('\n');
    const findings = scanSample({ path: 'scripts/notify.py', text });
    expect(findings.map((x) => ({ ruleId: x.ruleId, line: x.startLine }))).toEqual([{ ruleId: 'slack-webhook-url', line: 7 }]);
    expect(evidenceOf(findings[0]!)?.secret).toBe(hook);
  });

  it('a README: placeholders and publishable keys are not findings', () => {
    const text = [
      '# Payments service', // 1
      '', // 2
      'Copy `.env.example` to `.env` and fill in your keys:', // 3
      '', // 4
      '```sh', // 5
      'STRIPE_SECRET_KEY=sk_live_...', // 6
      'STRIPE_RESTRICTED_KEY=rk_live_<restricted key>', // 7
      'STRIPE_WEBHOOK_SECRET=whsec_...', // 8
      'SLACK_BOT_TOKEN=xoxb-your-bot-token', // 9
      'OPENAI_API_KEY=sk-proj-...', // 10
      'TWILIO_AUTH_TOKEN=your_auth_token', // 11
      'DD_API_KEY=<DATADOG_API_KEY>', // 12
      '```', // 13
      '', // 14
      `The checkout page embeds the publishable key \`pk_live_${f.chars('aA0', 24)}\`: it is public by design.`, // 15
      'Never commit a key that starts with `sk_live_` or `rk_live_`; use `sk_test_` keys locally.', // 16
      'Slack webhooks look like `https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.', // 17
    ].join('\n');
    expect(reported({ path: 'README.md', text })).toEqual([]);
  });

  it('a .env file: every provider-shaped value is found on its own line', () => {
    const text = [
      `STRIPE_SECRET_KEY=sk_live_${f.chars('aA0', 24)}`, // 1
      `STRIPE_WEBHOOK_SECRET=whsec_${f.chars('aA0', 32)}`, // 2
      `SLACK_BOT_TOKEN=xoxb-${f.chars('0', 12)}-${f.chars('0', 13)}-${f.chars('aA0', 24)}`, // 3
      `TWILIO_ACCOUNT_SID=AC${f.chars('hex', 32)}`, // 4 (an identifier)
      `TWILIO_AUTH_TOKEN=${f.chars('hex', 32)}`, // 5
      `SENDGRID_API_KEY=SG.${f.chars('b64url', 22)}.${f.chars('b64url', 43)}`, // 6
      `OPENAI_API_KEY=sk-proj-${f.chars('b64url', 74)}T3BlbkFJ${f.chars('b64url', 74)}`, // 7
      `ANTHROPIC_API_KEY=sk-ant-api03-${f.chars('b64url', 93)}AA`, // 8
      `DD_API_KEY=${f.chars('hex', 32)}`, // 9
      `DD_SITE=datadoghq.eu`, // 10
      `ALGOLIA_SEARCH_KEY=${f.chars('hex', 32)}`, // 11 (public)
      `TELEGRAM_BOT_TOKEN=${f.chars('0', 10)}:AA${f.chars('b64url', 33)}`, // 12
      `MAILCHIMP_API_KEY=${f.chars('hex', 32)}-us14`, // 13
      `LAUNCHDARKLY_CLIENT_SIDE_ID=${f.chars('hex', 24)}`, // 14 (public)
      `LAUNCHDARKLY_SDK_KEY=sdk-${uuid()}`, // 15
      `POSTMARK_SERVER_TOKEN=${uuid()}`, // 16
      `SENTRY_RELEASE=${uuid()}`, // 17
    ].join('\n');
    expect(reported({ path: '.env', text })).toEqual([
      { ruleId: 'stripe-secret-key', line: 1 },
      { ruleId: 'stripe-webhook-secret', line: 2 },
      { ruleId: 'slack-bot-token', line: 3 },
      { ruleId: 'twilio-auth-token', line: 5 },
      { ruleId: 'sendgrid-api-key', line: 6 },
      { ruleId: 'openai-project-key', line: 7 },
      { ruleId: 'anthropic-api-key', line: 8 },
      { ruleId: 'datadog-api-key', line: 9 },
      { ruleId: 'telegram-bot-token', line: 12 },
      { ruleId: 'mailchimp-api-key', line: 13 },
      { ruleId: 'launchdarkly-key', line: 15 },
      { ruleId: 'postmark-server-token', line: 16 },
    ]);
  });

  it('a bot module: Discord token in client.login, a Teams webhook, hashes and ids left alone', () => {
    const botId = Buffer.from('1' + f.chars('0', 18)).toString('base64url');
    const text = [
      "import { Client, GatewayIntentBits } from 'discord.js';", // 1
      '', // 2
      'const client = new Client({ intents: [GatewayIntentBits.Guilds] });', // 3
      `const GUILD_ID = '${f.chars('0', 18)}';`, // 4
      `const COMMIT = '${f.chars('hex', 40)}';`, // 5
      `const TEAMS = 'https://acme.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${f.chars('hex', 32)}/${uuid()}';`, // 6
      "client.once('ready', () => console.log(`logged in as ${client.user?.tag}`));", // 7
      `client.login('${botId}.${f.chars('b64url', 6)}.${f.chars('b64url', 38)}');`, // 8
    ].join('\n');
    expect(reported({ path: 'src/bot.ts', text })).toEqual([
      { ruleId: 'microsoft-teams-webhook-url', line: 6 },
      { ruleId: 'discord-bot-token', line: 8 },
    ]);
  });
});

/**
 * The private-key family on whole files: keys found once, at their BEGIN line, wherever they are
 * embedded (YAML block scalars, JSON strings, Terraform heredocs, base64 in Kubernetes objects), and
 * the public material around them (certificates, public keys, prose about keys) never found.
 */
import { describe, expect, it } from '@jest/globals';
import { evidenceOf, type Finding } from '../../../src/detect/finding.js';
import { createFake } from '../../support/fake.js';
import { scanSample } from '../../support/scan.js';

const f = createFake(7);
const BEGIN = '-----BEGIN ';
const END = '-----END ';

const indent = (block: string, by: string) => block.split('\n').map((l) => by + l).join('\n');
const lines = (...l: string[]) => l.join('\n');
const summary = (findings: Finding[]) => findings.map((x) => [x.ruleId, x.startLine, x.endLine]);

describe('private keys in files', () => {
  it('finds a PEM key inside a YAML block scalar once, at its BEGIN line', () => {
    const key = f.pem('RSA PRIVATE KEY', 25);
    const text = lines(
      'ingress:',
      '  enabled: true',
      '  tls:',
      '    certificate: |',
      indent(f.pem('CERTIFICATE', 18), '      '),
      '    key: |',
      indent(key, '      '),
      '  hosts:',
      '    - shop.internal',
    );
    const findings = scanSample({ path: 'charts/shop/values.yaml', text });
    // 4 lines before the certificate, 20 certificate lines, then "key: |" on line 25: BEGIN on line 26
    expect(summary(findings)).toEqual([['private-key-rsa', 26, 52]]);
    const finding = findings[0]!;
    expect(finding.kind).toBe('private-key');
    expect(finding.startColumn).toBe(7);
    expect(evidenceOf(finding)!.secret.startsWith(`${BEGIN}RSA PRIVATE KEY-----\n      `)).toBe(true);
    expect(finding.redacted).toMatch(/^-----BEGIN RSA PRIVATE KEY----- …\(\d+ chars\)$/);
  });

  it('finds the key of a GCP service-account file, escaped in its JSON string', () => {
    const text = lines(
      '{',
      '  "type": "service_account",',
      '  "project_id": "billing-prod",',
      `  "private_key_id": "${f.chars('hex', 40)}",`,
      `  "private_key": "${f.pem('PRIVATE KEY', 26).split('\n').join('\\n')}\\n",`,
      '  "client_email": "exporter@billing-prod.iam.gserviceaccount.com",',
      '  "token_uri": "https://oauth2.googleapis.com/token"',
      '}',
    );
    const mine = scanSample({ path: 'secrets/sa.json', text }).filter((x) => x.kind === 'private-key');
    expect(summary(mine)).toEqual([['private-key-escaped', 5, 5]]);
  });

  it('finds each key of a file with several, and nothing in the public material between them', () => {
    const text = lines(
      '# deploy keys',
      f.pem('OPENSSH PRIVATE KEY', 7),
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${f.chars('b64', 43)} deploy@ci`,
      f.pem('PUBLIC KEY', 6),
      f.pem('EC PRIVATE KEY', 3),
      f.pem('PGP PRIVATE KEY BLOCK', 30, ['Version: GnuPG v2']),
    );
    expect(summary(scanSample({ path: 'keys.txt', text }))).toEqual([
      ['private-key-openssh', 2, 10],
      ['private-key-ec', 20, 24],
      ['private-key-pgp', 25, 58],
    ]);
  });

  it('finds a key in a Terraform heredoc and in a Python triple-quoted string', () => {
    const tf = lines(
      'resource "tls_locally_signed_cert" "api" {',
      '  ca_private_key_pem = <<EOF',
      f.pem('EC PRIVATE KEY', 3),
      'EOF',
      '}',
    );
    expect(summary(scanSample({ path: 'pki.tf', text: tf }))).toEqual([['private-key-ec', 3, 7]]);
    const py = lines('import jwt', '', `SIGNING_KEY = """${f.pem('PRIVATE KEY', 26)}"""`, '', 'def sign(claims):', '    return jwt.encode(claims, SIGNING_KEY, algorithm="RS256")');
    expect(summary(scanSample({ path: 'app/auth.py', text: py }))).toEqual([['private-key-pkcs8', 3, 30]]);
  });

  it('finds the base64-encoded key of a kubeconfig, not its certificates', () => {
    const b64 = (s: string) => Buffer.from(s + '\n').toString('base64');
    const text = lines(
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${b64(f.pem('CERTIFICATE', 18))}`,
      '    server: https://10.0.0.1:6443',
      '  name: prod',
      'users:',
      '- name: admin',
      '  user:',
      `    client-certificate-data: ${b64(f.pem('CERTIFICATE', 18))}`,
      `    client-key-data: ${b64(f.pem('RSA PRIVATE KEY', 25))}`,
    );
    expect(summary(scanSample({ path: '.kube/config', text }))).toEqual([['private-key-base64-encoded', 11, 11]]);
  });

  it('finds nothing in code and documentation that only talks about keys', () => {
    const text = lines(
      '## Configure TLS',
      '',
      `Paste your key, starting with \`${BEGIN}RSA PRIVATE KEY-----\` and ending with`,
      `\`${END}RSA PRIVATE KEY-----\`, into the \`TLS_KEY\` variable.`,
      '',
      '```',
      `${BEGIN}PRIVATE KEY-----`,
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC...',
      `${END}PRIVATE KEY-----`,
      '```',
      '',
      'const PEM_HEADER = "' + BEGIN + 'PRIVATE KEY-----";',
      "if (pem.startsWith('" + BEGIN + "RSA PRIVATE KEY')) return 'pkcs1';",
      `const isKey = /${BEGIN}(RSA |EC )?PRIVATE KEY-----[\\s\\S]+?${END}/.test(text);`,
      f.pem('CERTIFICATE REQUEST', 14),
      `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${f.chars('b64', 340)} admin@bastion`,
      `${BEGIN}RSA PRIVATE KEY-----`,
      `${f.chars('b64', 64)}`,
      '(truncated)',
    );
    expect(summary(scanSample({ path: 'docs/tls.md', text }))).toEqual([]);
  });

  it('reports a key whose line breaks were flattened into an environment variable', () => {
    const key = f.pem('RSA PRIVATE KEY', 12).split('\n').join(' ');
    const text = lines('APP_ENV=production', `JWT_PRIVATE_KEY="${key}"`, 'PORT=8080');
    expect(summary(scanSample({ path: '.env', text }))).toEqual([['private-key-rsa', 2, 2]]);
  });
});

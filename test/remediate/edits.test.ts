/**
 * Suggested edits in the cases the golden files do not pin down: the idiom a file already uses, the
 * places where only a constant may stand, several secrets on one line, edits that would not parse,
 * and remediation without the file text.
 */
import { describe, expect, it } from '@jest/globals';
import { Scanner } from '../../src/detect/scanner.js';
import { attachEvidence, evidenceOf, type Finding } from '../../src/detect/finding.js';
import { remediate, renderRemediationMarkdown, type Remediation } from '../../src/remediate/index.js';
import { createFake } from '../support/fake.js';
import { applySuggestion, syntaxErrors } from './support.js';

const scanner = new Scanner();
const fake = createFake(4242);
const keyId = () => `AKIA${fake.chars('A', 16)}`;
const secretKey = () => fake.chars('b64', 40);
const stripeKey = () => `sk_live_${fake.chars('aA0', 32)}`;

function scan(path: string, text: string, rule?: RegExp): Finding {
  const found = scanner.scan({ path, text }).filter((f) => !rule || rule.test(f.ruleId));
  if (found.length === 0) throw new Error(`no finding in ${path}`);
  return found[0]!;
}

function fix(path: string, text: string, rule?: RegExp): Remediation {
  return remediate(scan(path, text, rule), { repo: 'acme/shop', path, fileText: text });
}

const replacement = (r: Remediation) => r.suggestion?.replacement.join('\n');

describe('code', () => {
  it('concatenates when the secret shares its string with other text', () => {
    const text = `export const auth = "Bearer ${stripeKey()}";\n`;
    const r = fix('src/pay.ts', text);
    expect(replacement(r)).toBe('export const auth = ("Bearer " + process.env.STRIPE_SECRET_KEY);');
    expect(syntaxErrors(applySuggestion(text, r), 'ts', 'src/pay.ts')).toEqual([]);
  });

  it('moves a whole connection URL, not the password alone', () => {
    const text = `const DATABASE_URL = \`postgres://app:${fake.chars('aA0', 18)}@db.internal:5432/app\`;\n`;
    expect(replacement(fix('src/db.ts', text))).toBe('const DATABASE_URL = process.env.DATABASE_URL;');
  });

  it('turns a Go const into a var to hold a call, and refuses inside a const block', () => {
    const key = stripeKey();
    const single = `package pay\n\nimport "os"\n\nconst stripeKey = "${key}"\n`;
    expect(replacement(fix('pay/stripe.go', single))).toBe('var stripeKey = os.Getenv("STRIPE_KEY")');
    const block = `package pay\n\nimport "os"\n\nconst (\n\tstripeKey = "${key}"\n)\n`;
    expect(fix('pay/stripe.go', block).note).toMatch(/const \(\.\.\.\)/);
  });

  it('drops `const` from a Kotlin const val', () => {
    const r = fix('server/src/main/kotlin/Pay.kt', `object Pay {\n    const val STRIPE_KEY = "${stripeKey()}"\n}\n`);
    expect(replacement(r)).toBe('    val STRIPE_KEY = System.getenv("STRIPE_KEY")');
  });

  it('qualifies Environment in C# files without `using System;`', () => {
    const r = fix('src/Pay.cs', `class Pay\n{\n    static readonly string Key = "${stripeKey()}";\n}\n`);
    expect(replacement(r)).toBe('    static readonly string Key = System.Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY");');
  });

  it('refuses PHP property defaults, and edits inside methods', () => {
    const key = stripeKey();
    expect(fix('src/Pay.php', `<?php\nclass Pay {\n    private $key = '${key}';\n}\n`).suggestion).toBeUndefined();
    const method = `<?php\nclass Pay {\n    public function client() {\n        $key = '${key}';\n        return new StripeClient($key);\n    }\n}\n`;
    expect(replacement(fix('src/Pay.php', method))).toBe("        $key = getenv('STRIPE_SECRET_KEY');");
  });

  it('follows the helper a file already uses (Laravel env(), django-environ, os.getenv)', () => {
    const key = stripeKey();
    expect(replacement(fix('config/services.php', `<?php\nreturn [\n    'region' => env('AWS_REGION'),\n    'stripe_secret' => '${key}',\n];\n`))).toBe("    'stripe_secret' => env('STRIPE_SECRET'),");
    expect(replacement(fix('app/settings.py', `import environ\nenv = environ.Env()\nSTRIPE_SECRET_KEY = '${key}'\n`))).toBe("STRIPE_SECRET_KEY = env('STRIPE_SECRET_KEY')");
    expect(replacement(fix('app/settings.py', `import os\nDEBUG = os.getenv("DEBUG")\nSTRIPE_SECRET_KEY = "${key}"\n`))).toBe('STRIPE_SECRET_KEY = os.getenv("STRIPE_SECRET_KEY")');
  });

  it('replaces every credential on the line, so the suggestion repeats none', () => {
    const text = `import os, boto3\ns3 = boto3.client("s3", aws_access_key_id="${keyId()}", aws_secret_access_key="${secretKey()}")\n`;
    const findings = scanner.scan({ path: 'ops/s3.py', text });
    expect(findings.length).toBeGreaterThanOrEqual(2);
    for (const f of findings) {
      const r = remediate(f, { path: 'ops/s3.py', fileText: text });
      expect(replacement(r)).toBe('s3 = boto3.client("s3", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])');
    }
  });

  it('replaces a secret in a comment with a marker', () => {
    const r = fix('deploy.py', `# STRIPE_SECRET_KEY = "${stripeKey()}"\nprint(1)\n`);
    expect(replacement(r)).toBe('# STRIPE_SECRET_KEY = "<redacted>"');
  });
});

describe('without the file text', () => {
  it('still edits the line from the evidence, and says what the edit needs', () => {
    const text = `import os\nSTRIPE_SECRET_KEY = "${stripeKey()}"\n`;
    const r = remediate(scan('app/pay.py', text), { path: 'app/pay.py' });
    expect(r.suggestion).toEqual({ startLine: 2, endLine: 2, replacement: ['STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]'] });
    expect(r.steps.join('\n')).toMatch(/import os/);
  });

  it('does not place an edit when the head file no longer holds the secret there', () => {
    const text = `const key = "${stripeKey()}";\n`;
    const finding = scan('src/a.ts', text);
    const r = remediate(finding, { path: 'src/a.ts', fileText: 'const key = process.env.KEY;\n' });
    // the evidence still places it: the suggestion is for the scanned line
    expect(replacement(r)).toBe('const key = process.env.STRIPE_SECRET_KEY;');
    const bare = attachEvidence({ ...finding }, { secret: evidenceOf(finding)!.secret, line: 'something else entirely' });
    expect(remediate(bare, { path: 'src/a.ts' }).suggestion).toBeUndefined();
  });
});

describe('configuration', () => {
  it('deletes the key line when the OIDC step already has role-to-assume', () => {
    const text = `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n          aws-access-key-id: ${keyId()}\n          aws-region: eu-west-1\n`;
    const r = fix('.github/workflows/a.yml', text);
    expect(r.suggestion?.replacement).toEqual([]);
    expect(syntaxErrors(applySuggestion(text, r), 'yaml', 'a.yml')).toEqual([]);
  });

  it('withholds an edit that would not parse (a reference inside a flow mapping)', () => {
    const text = `jobs:\n  a:\n    runs-on: ubuntu-latest\n    env: { STRIPE_SECRET_KEY: ${stripeKey()} }\n    steps:\n      - run: ./pay.sh\n`;
    const r = fix('.github/workflows/a.yml', text);
    expect(r.suggestion).toBeUndefined();
    expect(r.note).toMatch(/would not parse/);
  });

  it('interpolates a reference into a longer string where the format allows it', () => {
    const text = `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H "Authorization: Bearer ${stripeKey()}" https://api.stripe.com/v1/charges\n`;
    const r = fix('.github/workflows/a.yml', text);
    expect(replacement(r)).toBe('      - run: curl -H "Authorization: Bearer ${{ secrets.STRIPE_SECRET_KEY }}" https://api.stripe.com/v1/charges');
  });

  it('moves a compose URL as a whole', () => {
    const text = `services:\n  api:\n    environment:\n      - DATABASE_URL=postgres://app:${fake.chars('aA0', 18)}@db:5432/app\n`;
    expect(replacement(fix('compose.yaml', text))).toBe('      - DATABASE_URL=${DATABASE_URL}');
  });

  it('refuses Terraform variable defaults and tfvars, which cannot reference a data source', () => {
    const key = stripeKey();
    expect(fix('vars.tf', `variable "stripe_key" {\n  sensitive = true\n  default   = "${key}"\n}\n`).note).toMatch(/variable default/);
    expect(fix('prod.tfvars', `stripe_key = "${key}"\n`).note).toMatch(/tfvars/);
  });

  it('names GitHub secrets outside the reserved GITHUB_ prefix', () => {
    const text = `jobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_STRIPE_KEY: ${stripeKey()}\n    steps:\n      - run: ./pay.sh\n`;
    expect(replacement(fix('.github/workflows/a.yml', text))).toBe('      GITHUB_STRIPE_KEY: ${{ secrets.GH_STRIPE_KEY }}');
  });
});

describe('markdown', () => {
  it('fences a suggestion longer than any backtick run inside it', () => {
    const r: Remediation = {
      strategy: 'rotate',
      mechanismId: 'secrets-manager',
      mechanism: 'AWS Secrets Manager',
      why: 'why',
      steps: ['one'],
      suggestion: { startLine: 1, endLine: 1, replacement: ['const doc = "```";'] },
    };
    expect(renderRemediationMarkdown(r)).toContain('````suggestion\nconst doc = "```";\n````');
  });

  it('renders a deleting suggestion as an empty block, and leaves it out on request', () => {
    const r: Remediation = { strategy: 'replace', mechanismId: 'x', mechanism: 'm', why: 'w', steps: [], suggestion: { startLine: 3, endLine: 3, replacement: [] }, note: 'It deletes the line.' };
    expect(renderRemediationMarkdown(r)).toContain('```suggestion\n```');
    expect(renderRemediationMarkdown(r, { suggestion: false })).not.toContain('suggestion');
  });
});

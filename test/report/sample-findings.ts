/**
 * A small, varied set of findings for the reporter tests: several files and kinds, each kind of
 * suppression, and paths that need percent-encoding. Secrets are generated here, at test time.
 */
import { evidenceOf, type Finding } from '../../src/detect/finding.js';
import { policyOf, scannerFor } from '../../src/detect/policy.js';
import { parseConfig } from '../../src/config/load.js';
import type { Source } from '../../src/detect/scanner.js';
import { createFake } from '../support/fake.js';

export interface SampleFindings {
  findings: Finding[];
  /** every raw secret behind the findings, read back through evidenceOf */
  secrets: string[];
}

export function sampleFindings(seed = 7): SampleFindings {
  const fake = createFake(seed);
  const key = () => 'AKIA' + fake.chars('A', 16);
  const config = parseConfig({
    paths: { ignore: ['fixtures/**'] },
    rules: {
      // A custom rule gives a second kind (password -> rotate) whatever the catalog holds.
      custom: [{ id: 'test-passwd', kind: 'password', keywords: ['passwd'], pattern: 'passwd=(?<secret>[A-Za-z0-9]{16})' }],
    },
  });
  const sources: Source[] = [
    { path: 'src/app.ts', text: `const id = "${key()}";\nconst other = 1;\nconst second = '${key()}';` },
    { path: 'config/db.ini', text: `[db]\npasswd=${fake.chars('aA0', 16)}` },
    { path: 'src/inline.ts', text: `a = "${key()}"; // secret-review:allow\nb = "${key()}" # gitleaks:allow` },
    { path: 'fixtures/keys.txt', text: key() },
    { path: 'docs/my notes #1 ü?.md', text: `key: ${key()}` },
  ];
  const scanner = scannerFor(config);
  const findings = policyOf(config)(sources.flatMap((s) => scanner.scan(s)));
  const secrets = findings.map((f) => evidenceOf(f)?.secret ?? '');
  if (secrets.some((s) => s.length < 16)) throw new Error('sample finding without evidence');
  return { findings, secrets };
}

/** The secrets that occur in `output` (should be none). */
export function leakedSecrets(output: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => output.includes(s));
}

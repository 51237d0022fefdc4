/**
 * Every rule in the catalog against its own true and false positive samples, plus the catalog's
 * invariants and each pattern against adversarial input (no catastrophic backtracking).
 */
import { describe, expect, it } from '@jest/globals';
import { RULES } from '../../src/detect/rules/index.js';
import { KINDS } from '../../src/detect/rule.js';
import { Scanner } from '../../src/detect/scanner.js';
import { evidenceOf } from '../../src/detect/finding.js';
import { createFake } from '../support/fake.js';
import { scanSample } from '../support/scan.js';

const fake = createFake();

describe('rule catalog', () => {
  it('has at least 150 rules with unique ids', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(150);
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s is well-formed', (_id, rule) => {
    expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(KINDS).toContain(rule.kind);
    expect(rule.title.length).toBeGreaterThan(3);
    expect(rule.keywords.length).toBeGreaterThan(0);
    for (const k of rule.keywords) {
      expect(k).toBe(k.toLowerCase());
      expect(k).toMatch(/^[\x20-\x7e]{3,}$/);
    }
    expect(rule.pattern.flags).not.toMatch(/[gy]/);
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  const matches = rule.samples.matches(fake);
  const ignores = rule.samples.ignores(fake);

  it('has true and false positive samples', () => {
    expect(matches.length).toBeGreaterThan(0);
    expect(ignores.length).toBeGreaterThan(0);
  });

  it.each(matches.map((s, i) => [i, s] as const))('finds sample %i exactly once', (_i, sample) => {
    const findings = scanSample(sample).filter((f) => f.ruleId === id);
    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding.suppression).toBeUndefined();
    const secret = evidenceOf(finding)!.secret;
    // The secret must contain a keyword of the rule's (the prefilter would otherwise never run it)
    // or be on a line with one, and must never leave through the finding's serialised form.
    expect(JSON.stringify(finding)).not.toContain(secret);
    expect(finding.redacted).not.toBe(secret);
  });

  it.each(ignores.map((s, i) => [i, s] as const))('ignores sample %i', (_i, sample) => {
    expect(scanSample(sample).filter((f) => f.ruleId === id)).toEqual([]);
  });

  it('runs in linear time on adversarial input', () => {
    const scanner = new Scanner({ rules: [rule] });
    const fillers = ['a', 'A', '0', 'aA0', ' ', '=', '"', "'", '/', '+', '-', '.', ':', '@', '_', '\t', 'a=', '-----'];
    for (const keyword of rule.keywords) {
      for (const filler of fillers) {
        const bodies = [
          keyword + filler.repeat(Math.ceil(20000 / filler.length)),
          (keyword + filler).repeat(Math.ceil(20000 / (keyword.length + filler.length))),
          (keyword + filler.repeat(40) + '\n').repeat(200),
          `${keyword} = "${filler.repeat(3000)}`,
        ];
        for (const text of bodies) {
          const t0 = performance.now();
          scanner.scan({ path: 'adversarial.txt', text });
          const ms = performance.now() - t0;
          if (ms > 500) throw new Error(`${id}: ${ms.toFixed(0)} ms on keyword ${keyword} + ${JSON.stringify(filler)}`);
        }
      }
    }
  });
});

/**
 * Remove, replace, rotate: what to do about a credential of each kind, before any context is known.
 * The kind decides the strategy; the file a finding sits in refines the mechanism (see mechanism.ts).
 */
import type { Kind } from '../detect/rule.js';

export type Strategy = 'remove' | 'replace' | 'rotate';

export interface KindStrategy {
  readonly strategy: Strategy;
  /** the short-term credential or store that takes the secret's place, in a few words */
  readonly replacement: string;
  /** one sentence a reviewer reads in the summary */
  readonly advice: string;
}

export const STRATEGY_BY_KIND: Readonly<Record<Kind, KindStrategy>> = {
  'aws-access-key': {
    strategy: 'replace',
    replacement: 'an IAM role (short-term credentials)',
    advice:
      'Deactivate and delete the exposed access key, then give the workload an IAM role: an instance profile, Lambda execution role, ECS task role, EKS Pod Identity, or GitHub Actions OIDC; IAM Roles Anywhere outside AWS.',
  },
  'private-key': {
    strategy: 'replace',
    replacement: 'Session Manager / EC2 Instance Connect, or a key in Secrets Manager / KMS',
    advice:
      'Revoke the key pair. Reach instances with Systems Manager Session Manager or EC2 Instance Connect instead of a shared SSH key; keep TLS or signing keys in Secrets Manager, ACM or KMS.',
  },
  'database-credential': {
    strategy: 'rotate',
    replacement: 'Secrets Manager with automatic rotation, or IAM database authentication',
    advice:
      'Change the database password now. Store it in AWS Secrets Manager with automatic rotation and fetch it at run time; for RDS and Aurora, let RDS manage the master password or use IAM database authentication.',
  },
  password: {
    strategy: 'rotate',
    replacement: 'Secrets Manager with automatic rotation',
    advice: 'Change the password now, store it in AWS Secrets Manager, fetch it at run time, and turn on automatic rotation.',
  },
  'oauth-token': {
    strategy: 'rotate',
    replacement: 'Secrets Manager with automatic rotation',
    advice:
      'Revoke the token or client secret at the provider now, keep the new one in AWS Secrets Manager, fetch it at run time, and rotate it automatically.',
  },
  'api-key': {
    strategy: 'rotate',
    replacement: 'Secrets Manager with automatic rotation',
    advice:
      'Revoke the key at the provider and issue a new one, keep it in AWS Secrets Manager, fetch it at run time, and rotate it on a schedule.',
  },
  'cloud-credential': {
    strategy: 'replace',
    replacement: "the provider's workload identity, else Secrets Manager",
    advice:
      "Revoke the credential. Use the provider's workload identity (GCP Workload Identity Federation, Azure managed identities) where the workload runs; otherwise keep it in AWS Secrets Manager with rotation.",
  },
};

export function strategyOf(kind: Kind): KindStrategy {
  return STRATEGY_BY_KIND[kind];
}

/**
 * The checklist for one finding: revoke or rotate now, replace (the mechanism's own steps, then the
 * edit), verify, and optionally purge history. Lines name files, kinds and redacted values only.
 */
import type { Site } from './site.js';
import type { Mechanism } from './mechanism.js';
import type { EditResult } from './edits/index.js';
import { PURGE_STEP, revokeStep } from './revoke.js';
import { isCredentialFile, storesSecret } from './commands.js';

function replaceSteps(site: Site, mechanism: Mechanism): string[] {
  const v = `\`${site.variable}\``;
  const s = `\`${site.secretName}\``;
  switch (mechanism.id) {
    case 'github-oidc':
      return [
        'Create the IAM OIDC provider for token.actions.githubusercontent.com (once per account) and a role whose trust policy allows only this repository (and branch or environment), with the permissions the job needs.',
        'Set the repository variable AWS_ROLE_ARN to the role\'s ARN, give the job `permissions: id-token: write`, and use `role-to-assume` instead of the key inputs.',
      ];
    case 'terraform-no-static-keys':
      return ['Remove `access_key`, `secret_key` and `token` from the provider; run Terraform with an SSO profile locally and OIDC in CI, and use `assume_role` for other accounts.'];
    case 'ecs-task-role':
      return ['Give the task (or instance, or pod) an IAM role with only the permissions the container needs, and remove the keys from the image, compose file and task definition.', 'For local runs, pass your own short-lived credentials (an SSO profile via a read-only `~/.aws` mount, or `aws configure export-credentials`) instead of a key in the file.'];
    case 'eks-pod-identity':
      return ['Create an IAM role for the workload and associate it with the pod\'s service account (EKS Pod Identity, or IRSA), then remove the key from the manifest.'];
    case 'lambda-execution-role':
      return ['Grant the function\'s execution role the permissions the key had (least privilege), and remove the key from the code and the function\'s environment.'];
    case 'instance-profile':
      return ['Give the resource an IAM role in the template (IamInstanceProfile, Role, TaskRoleArn) and remove the key parameter.'];
    case 'cognito-identity-pool':
      return ['Create a Cognito identity pool with a narrowly scoped authenticated role, and have the app obtain temporary credentials from it (Amplify, or the SDK\'s Cognito credential provider).', 'Anything the app must never do directly (admin calls, other users\' data) moves behind an API.'];
    case 'iam-roles-anywhere':
      return ['Set up IAM Roles Anywhere: a trust anchor for your CA, a profile and a role; give the host a certificate and configure `credential_process` with the signing helper (or register it with an SSM hybrid activation).'];
    case 'sdk-default-credentials':
      return [
        'Remove the explicit credentials from the client so the SDK\'s default chain finds them: the role where the code runs in AWS, an SSO profile on laptops, IAM Roles Anywhere on servers outside AWS.',
        'If the key was given to a third party, give them a cross-account role (with an external ID) instead.',
      ];
    case 'session-manager':
      return ['Reach instances with Session Manager (`aws ssm start-session`) or EC2 Instance Connect instead of the shared key; remove the key from the repository and its public half from every instance.'];
    case 'acm':
      return ['Issue a certificate in ACM and terminate TLS at the load balancer, CloudFront or API Gateway; where the workload must hold the key, store the new one in Secrets Manager and load it at start-up.'];
    case 'kms-signing':
      return ['Create a KMS asymmetric signing key, sign through `kms:Sign` from the workload\'s role, and publish the new public key to whoever verifies the signatures.'];
    case 'restrict-client-key':
      return ['Restrict the new key to your sites (HTTP referrers) or app IDs and to the APIs it needs; browser keys are public by design, their restrictions are what protects them.', 'Set quotas or budget alerts for the APIs the key can call.'];
    case 'rds-managed-password':
      return ['Let RDS manage the master password (the edit below); RDS rotates it in Secrets Manager and the exposed password stops working.', 'Applications read the password from the secret RDS creates (`MasterUserSecret`), or use IAM database authentication.'];
    case 'gcp-workload-identity':
      return ['Set up Workload Identity Federation (a pool and provider for GitHub, AWS or your cluster) and grant it `roles/iam.workloadIdentityUser` on the service account; then delete every key of the service account.'];
    case 'azure-workload-identity':
      return ['Add a federated credential to the app registration (or use a managed identity) and log in without a secret; then delete the client secret.'];
    case 'github-token':
      return ['Use the job\'s `${{ secrets.GITHUB_TOKEN }}` with the narrowest `permissions:`; for other repositories mint a GitHub App installation token per run.'];
    case 'github-actions-secret':
      return [`Store the new value as the Actions secret ${v} (repository or environment secret), or in Secrets Manager fetched after OIDC.`];
    case 'external-secrets':
      return [`Store the new value in Secrets Manager as ${s}, and let External Secrets Operator create the Kubernetes Secret (or mount it with the Secrets Store CSI driver); the manifest references the Secret only.`];
    case 'docker-build-secret':
      return ['Remove the `ENV`/`ARG` with the value: pass build-time secrets with `RUN --mount=type=secret`, and run-time ones from the platform (ECS task definition `secrets`, Kubernetes Secret).', `Store the new value in Secrets Manager as ${s}.`];
    case 'compose-env':
      return [`Put ${v} in an uncommitted \`.env\` (or \`env_file\`), filled from Secrets Manager (${s}); commit an \`.env.example\` with an empty value.`];
    case 'spring-cloud-aws':
      return [`Store the new value in Secrets Manager as ${s} (a JSON secret with the key ${v}), add \`spring.config.import=aws-secretsmanager:${site.secretName}\`, and reference it with \`\${${site.variable}}\`.`];
    case 'dotenv-uncommitted':
      return ['Stop tracking the file (`git rm --cached`), add it to .gitignore, and commit an `.env.example` with empty values.', `Keep the real value in Secrets Manager as ${s} (or your CI's secrets) and fill the local .env from there.`];
    case 'terraform-secrets-manager':
      return [`Store the new value in Secrets Manager as ${s}, add the data source below, and reference it instead of the literal.`];
    case 'cloudformation-dynamic-reference':
      return [`Store the new value in Secrets Manager as ${s} and reference it with a dynamic reference.`];
    case 'dotnet-configuration':
      return [`Store the new value in Secrets Manager as ${s}; supply it as the environment variable ${v} or through the Secrets Manager configuration source, and leave appsettings.json empty.`];
    case 'backend-proxy':
      return [`Move the call that needs the key to a backend (an API route, a Lambda behind API Gateway) that reads it from Secrets Manager (${s}); the client calls the backend.`];
    case 'secrets-manager':
      return [`Store the new value in Secrets Manager as ${s}, readable only by the workload's role, with automatic rotation.`, `Fetch it at run time with the SDK (below), or have the platform inject it as ${v} (ECS task definition \`secrets\`, the Lambda extension, External Secrets).`];
  }
}

function verifySteps(site: Site, mechanism: Mechanism): string[] {
  switch (site.kind) {
    case 'aws-access-key':
      return [
        mechanism.id === 'github-oidc'
          ? 'Verify: re-run the workflow; `aws sts get-caller-identity` in the job shows the assumed role, and the deleted key no longer appears in CloudTrail.'
          : 'Verify: `aws sts get-caller-identity` where the code runs shows the role, not an IAM user; the deleted key no longer appears in CloudTrail.',
      ];
    case 'private-key':
      return ['Verify: the old key is refused (SSH login, TLS handshake or signature check fails with it) and nothing reads the deleted file.'];
    default:
      if (mechanism.id === 'rds-managed-password')
        return ['Verify: `describe-db-instances` (or `describe-db-clusters`) shows a MasterUserSecret, and the old password is refused.'];
      if (mechanism.id === 'restrict-client-key') return ['Verify: a request from an origin or app outside the restrictions is refused, and the old key no longer works.'];
      return [
        storesSecret(mechanism) || mechanism.id === 'secrets-manager'
          ? 'Verify: the application starts with the value from its new source, the old value is refused by the service, and `aws secretsmanager describe-secret` shows rotation enabled.'
          : 'Verify: the application works with the value from its new source, and the old value is refused by the service.',
      ];
  }
}

export function stepsFor(site: Site, mechanism: Mechanism, edit: EditResult): string[] {
  const { startLine, endLine } = edit.suggestion ?? site.finding;
  const where = `\`${site.path}\` ${endLine > startLine ? `lines ${startLine}–${endLine}` : `line ${startLine}`}`;
  const reason = edit.note?.replace(/^No suggested edit: /, '').replace(/\.$/, '');
  const editStep = isCredentialFile(site)
    ? `Delete \`${site.path}\` from the repository and add it to .gitignore (commands below): the whole file is the credential.`
    : edit.suggestion
      ? `Commit the suggested change to ${where}.${edit.note ? ` ${edit.note}` : ''}`
      : `Remove the value from ${where} by hand; there is no safe one-line edit${reason ? `: ${reason}` : ''}.`;
  return [revokeStep(site.finding, site.kind, mechanism.id), ...replaceSteps(site, mechanism), editStep, ...verifySteps(site, mechanism), PURGE_STEP];
}

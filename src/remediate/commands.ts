/**
 * Exact shell commands for the fix: revoke the AWS key, create the role or trust, create the secret
 * and turn on rotation. Never the value: `--secret-string file://…` reads a file the reviewer writes
 * the NEW value into; the exposed key is named by a shell variable the reviewer sets.
 */
import type { Site } from './site.js';
import { cloudFormationType, type Mechanism } from './mechanism.js';
import { kebab } from './names.js';

/** Mechanisms whose fix keeps a value in Secrets Manager under `site.secretName`. */
const STORES_SECRET = new Set<string>([
  'secrets-manager',
  'external-secrets',
  'docker-build-secret',
  'compose-env',
  'spring-cloud-aws',
  'dotenv-uncommitted',
  'terraform-secrets-manager',
  'cloudformation-dynamic-reference',
  'dotnet-configuration',
  'backend-proxy',
  'acm',
]);

export function storesSecret(mechanism: Mechanism): boolean {
  return STORES_SECRET.has(mechanism.id);
}

function quote(text: string): string {
  return `"${text.replace(/["\\$`]/g, '\\$&')}"`;
}

function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function awsKeyRevoke(site: Site): string[] {
  if (site.finding.ruleId.startsWith('aws-session-token')) return [];
  return [
    `# ACCESS_KEY_ID: the exposed key, shown as ${site.finding.redacted}${site.finding.ruleId === 'aws-access-key-id' ? '' : ' (its secret; the key ID is usually beside it)'}`,
    'IAM_USER="$(aws iam get-access-key-last-used --access-key-id "$ACCESS_KEY_ID" --query UserName --output text)"',
    'aws iam update-access-key --user-name "$IAM_USER" --access-key-id "$ACCESS_KEY_ID" --status Inactive',
    'aws iam delete-access-key --user-name "$IAM_USER" --access-key-id "$ACCESS_KEY_ID"',
  ];
}

function createSecret(site: Site, mechanism: Mechanism): string[] {
  const name = site.secretName;
  const pem = site.kind === 'private-key';
  const json = mechanism.id === 'spring-cloud-aws';
  const file = pem ? 'new-key.pem' : `${kebab(site.variable) || 'secret'}.${json ? 'json' : 'txt'}`;
  const what = json ? `{"${site.variable}": "<new value>"}` : pem ? 'the new key' : 'the NEW value';
  const description = `${site.finding.title} for ${site.repo ?? 'this repository'} (${site.path})`;
  const lines = [
    `# write ${what} to ${file} first (never the exposed one), then:`,
    `aws secretsmanager create-secret --name ${name} --description ${quote(description)} --secret-string file://${file}`,
    `shred -u ${file}`,
  ];
  if (!pem)
    lines.push(
      `aws secretsmanager rotate-secret --secret-id ${name} --rotation-lambda-arn arn:aws:lambda:<region>:<account-id>:function:<rotation-function> --rotation-rules AutomaticallyAfterDays=30`,
    );
  return lines;
}

function forMechanism(site: Site, mechanism: Mechanism): string[] {
  const repo = site.repo ?? '<owner>/<repo>';
  switch (mechanism.id) {
    case 'github-oidc':
      return [
        'aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com',
        'aws iam create-role --role-name <role-name> --assume-role-policy-document file://github-trust-policy.json',
        'aws iam attach-role-policy --role-name <role-name> --policy-arn <policy-arn>',
        `gh variable set AWS_ROLE_ARN --repo ${repo} --body "arn:aws:iam::<account-id>:role/<role-name>"`,
      ];
    case 'ecs-task-role':
      return ['aws iam create-role --role-name <task-role-name> --assume-role-policy-document file://ecs-tasks-trust-policy.json  # Principal: ecs-tasks.amazonaws.com'];
    case 'eks-pod-identity':
      return [
        'aws eks create-addon --cluster-name <cluster> --addon-name eks-pod-identity-agent',
        'aws eks create-pod-identity-association --cluster-name <cluster> --namespace <namespace> --service-account <service-account> --role-arn arn:aws:iam::<account-id>:role/<role-name>',
      ];
    case 'lambda-execution-role':
      return ['aws lambda update-function-configuration --function-name <function> --role arn:aws:iam::<account-id>:role/<execution-role-name>'];
    case 'instance-profile':
      return ['aws ec2 associate-iam-instance-profile --instance-id <instance-id> --iam-instance-profile Name=<instance-profile>'];
    case 'cognito-identity-pool':
      return [
        'aws cognito-identity create-identity-pool --identity-pool-name <pool-name> --no-allow-unauthenticated-identities --cognito-identity-providers ProviderName=cognito-idp.<region>.amazonaws.com/<user-pool-id>,ClientId=<app-client-id>',
        'aws cognito-identity set-identity-pool-roles --identity-pool-id <identity-pool-id> --roles authenticated=arn:aws:iam::<account-id>:role/<role-name>',
      ];
    case 'iam-roles-anywhere':
      return [
        'aws rolesanywhere create-trust-anchor --name <trust-anchor> --source "sourceType=AWS_ACM_PCA,sourceData={acmPcaArn=<private-ca-arn>}" --enabled',
        'aws rolesanywhere create-profile --name <profile> --role-arns arn:aws:iam::<account-id>:role/<role-name> --enabled',
      ];
    case 'session-manager':
      return ['aws ssm start-session --target <instance-id>', 'aws ec2-instance-connect ssh --instance-id <instance-id>'];
    case 'acm':
      return ['aws acm request-certificate --domain-name <domain> --validation-method DNS', ...createSecret(site, mechanism)];
    case 'kms-signing':
      return [
        'aws kms create-key --key-spec RSA_2048 --key-usage SIGN_VERIFY --description "signing key (replaces an exposed private key)"',
        'aws kms get-public-key --key-id <key-id> --output text --query PublicKey | base64 --decode > public-key.der',
      ];
    case 'rds-managed-password': {
      const type = site.file.language === 'terraform' ? site.blocks.join(' ') : cloudFormationType(site) ?? '';
      return /aws_rds_cluster|DBCluster/.test(type)
        ? [
            'aws rds modify-db-cluster --db-cluster-identifier <db-cluster-id> --manage-master-user-password --apply-immediately',
            'aws rds describe-db-clusters --db-cluster-identifier <db-cluster-id> --query "DBClusters[0].MasterUserSecret.SecretArn"',
          ]
        : [
            'aws rds modify-db-instance --db-instance-identifier <db-instance-id> --manage-master-user-password --apply-immediately',
            'aws rds describe-db-instances --db-instance-identifier <db-instance-id> --query "DBInstances[0].MasterUserSecret.SecretArn"',
          ];
    }
    case 'restrict-client-key':
      return ['gcloud services api-keys create --display-name=<name> --allowed-referrers="https://<your-site>/*" --api-target=service=<service>.googleapis.com', 'gcloud services api-keys delete <old-key-id>'];
    case 'gcp-workload-identity':
      return [
        'gcloud iam service-accounts keys list --iam-account <service-account>@<project-id>.iam.gserviceaccount.com',
        'gcloud iam service-accounts keys delete <key-id> --iam-account <service-account>@<project-id>.iam.gserviceaccount.com',
        'gcloud iam workload-identity-pools create <pool> --location global',
      ];
    case 'azure-workload-identity':
      return [
        'az ad app credential list --id <app-id>',
        'az ad app credential delete --id <app-id> --key-id <credential-id>',
        'az ad app federated-credential create --id <app-id> --parameters federated-credential.json',
      ];
    case 'github-actions-secret':
      return [`gh secret set ${site.variable} --repo ${repo}  # prompts for the new value`];
    case 'dotenv-uncommitted':
      return [`git rm --cached ${shellWord(site.path)}`, "printf '%s\\n' .env '.env.*' '!.env.example' >> .gitignore", ...createSecret(site, mechanism)];
    case 'docker-build-secret':
      return [`docker build --secret id=${kebab(site.variable)},env=${site.variable} .`, ...createSecret(site, mechanism)];
    default:
      return storesSecret(mechanism) ? createSecret(site, mechanism) : [];
  }
}

/** Files that are a credential as a whole: they leave the repository. */
export function isCredentialFile(site: Site): boolean {
  const { language, platform } = site.file;
  return language === 'pem' || platform === 'aws-credentials-file' || platform === 'gcp-service-account';
}

export function commandsFor(site: Site, mechanism: Mechanism): string[] {
  const revoke = site.kind === 'aws-access-key' ? awsKeyRevoke(site) : [];
  const remove = isCredentialFile(site) ? [`git rm --cached ${shellWord(site.path)}`, `printf '%s\\n' ${shellWord(site.path)} >> .gitignore`] : [];
  return [...revoke, ...remove, ...forMechanism(site, mechanism)];
}

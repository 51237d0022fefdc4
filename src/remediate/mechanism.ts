/**
 * The mechanism that takes the credential's place, chosen from its kind and the context it was found
 * in (file type, platform, enclosing block), with the reasons and the replace / verify steps. The
 * kind gives the default (strategy.ts); the context picks the concrete AWS (or provider) mechanism.
 */
import type { Strategy } from './strategy.js';
import type { Site } from './site.js';
import { CODE_LANGUAGES } from './file-type.js';
import { scalarIn } from './yaml-place.js';

export type MechanismId =
  | 'github-oidc'
  | 'terraform-no-static-keys'
  | 'ecs-task-role'
  | 'eks-pod-identity'
  | 'lambda-execution-role'
  | 'instance-profile'
  | 'cognito-identity-pool'
  | 'iam-roles-anywhere'
  | 'sdk-default-credentials'
  | 'session-manager'
  | 'acm'
  | 'kms-signing'
  | 'rds-managed-password'
  | 'gcp-workload-identity'
  | 'azure-workload-identity'
  | 'github-token'
  | 'github-actions-secret'
  | 'external-secrets'
  | 'docker-build-secret'
  | 'compose-env'
  | 'spring-cloud-aws'
  | 'dotenv-uncommitted'
  | 'terraform-secrets-manager'
  | 'cloudformation-dynamic-reference'
  | 'dotnet-configuration'
  | 'backend-proxy'
  | 'restrict-client-key'
  | 'secrets-manager';

export interface Mechanism {
  readonly id: MechanismId;
  readonly strategy: Strategy;
  readonly label: string;
  readonly why: string;
}

const RDS_RESOURCE = /^resource\s+"(aws_db_instance|aws_rds_cluster)"/;

/** The CloudFormation resource type (`AWS::RDS::DBInstance`) the site sits in, if any. */
export function cloudFormationType(site: Site): string | undefined {
  const y = site.yaml;
  if (!y || y.path[0] !== 'Resources' || typeof y.path[1] !== 'string') return undefined;
  return scalarIn(y.nodes[2], 'Type');
}

export function isRdsMasterPassword(site: Site): boolean {
  const { kind } = site;
  if (kind !== 'password' && kind !== 'database-credential') return false;
  if (site.file.language === 'terraform') {
    const header = site.blocks[site.blocks.length - 1];
    return header !== undefined && RDS_RESOURCE.test(header) && /^(?:master_)?password$/.test(site.key ?? '');
  }
  if (site.file.platform === 'cloudformation') {
    const type = cloudFormationType(site);
    return /^AWS::RDS::DB(?:Instance|Cluster)$/.test(type ?? '') && site.yaml?.path[3] === 'MasterUserPassword' && site.yaml.path.length === 4;
  }
  return false;
}

function isSshKey(site: Site): boolean {
  if (site.file.platform === 'ssh-key-file') return true;
  if (/OPENSSH|DSA|SSH2/.test(site.pemLabel ?? '')) return true;
  return /ssh|deploy[_-]?key|id_(?:rsa|dsa|ecdsa|ed25519)|bastion/i.test(`${site.path} ${site.key ?? ''}`);
}

function cloudProvider(site: Site): 'gcp' | 'azure' | undefined {
  const text = `${site.finding.ruleId} ${site.key ?? ''} ${site.file.platform ?? ''}`;
  if (/gcp|google|gcloud|service[_-]account/i.test(text)) return 'gcp';
  if (/azure|microsoft|entra/i.test(text)) return 'azure';
  return undefined;
}

const where = (site: Site) => `\`${site.path}\``;

export function chooseMechanism(site: Site): Mechanism {
  const { kind } = site;
  const { language, platform } = site.file;
  const m = (id: MechanismId, strategy: Strategy, label: string, why: string): Mechanism => ({ id, strategy, label, why });

  if (kind === 'aws-access-key') {
    const tail = ' There is then no long-term key to leak or rotate.';
    if (platform === 'github-actions')
      return m('github-oidc', 'replace', 'GitHub Actions OIDC (aws-actions/configure-aws-credentials, role-to-assume)', `A workflow does not need a stored access key: with \`id-token: write\`, configure-aws-credentials trades GitHub's OIDC token for short-lived credentials of an IAM role that trusts only this repository.${tail}`);
    if (language === 'terraform')
      return m('terraform-no-static-keys', 'replace', 'Terraform AWS provider without static keys (default credential chain, assume_role)', `Terraform should not carry keys: without \`access_key\`/\`secret_key\` the AWS provider uses the environment's credential chain (an SSO profile locally, OIDC in CI, the instance or task role in AWS) and \`assume_role\` for the target account.${tail}`);
    const cfn = platform === 'cloudformation' ? cloudFormationType(site) ?? '' : '';
    if (platform === 'serverless' || platform === 'lambda' || /Lambda::Function|Serverless::Function/.test(cfn))
      return m('lambda-execution-role', 'replace', 'Lambda execution role', `Lambda functions get credentials from their execution role: the SDK in the function picks them up without configuration.${tail}`);
    if (platform === 'kubernetes' || platform === 'helm')
      return m('eks-pod-identity', 'replace', 'EKS Pod Identity (or IAM roles for service accounts)', `Pods on EKS get credentials for an IAM role through their service account (EKS Pod Identity, or IRSA); the SDK picks them up without configuration.${tail}`);
    if (language === 'dockerfile' || platform === 'docker-compose' || platform === 'ecs-task-definition' || /ECS::TaskDefinition/.test(cfn))
      return m('ecs-task-role', 'replace', 'ECS task role (or the EC2 instance profile / EKS Pod Identity where the container runs)', `A container gets credentials from the platform it runs on: the ECS task role, the EC2 instance profile or EKS Pod Identity; the SDK picks them up without configuration. Keys must not be baked into images or compose files.${tail}`);
    if (platform === 'cloudformation')
      return m('instance-profile', 'replace', 'IAM role on the resource (instance profile, execution role or task role)', `The resources this template creates can carry an IAM role (an instance profile for EC2, an execution role for Lambda, a task role for ECS) instead of a key passed to them.${tail}`);
    if (platform === 'mobile' || platform === 'browser')
      return m('cognito-identity-pool', 'replace', 'Amazon Cognito identity pool (temporary, scoped credentials per user)', `Code shipped to devices or browsers cannot keep a secret: anyone can extract the key from the app. A Cognito identity pool hands each user temporary credentials for a narrowly scoped IAM role.${tail}`);
    if (CODE_LANGUAGES.has(language) || language === 'dotenv')
      return m('sdk-default-credentials', 'replace', "IAM role through the SDK's default credential chain (IAM Roles Anywhere outside AWS)", `AWS SDKs find credentials themselves: the instance profile, task role, execution role or Pod Identity in AWS, an SSO profile on a laptop, IAM Roles Anywhere on servers outside AWS. Drop the explicit key from the code.${tail}`);
    return m('iam-roles-anywhere', 'replace', 'IAM Roles Anywhere (X.509 certificate for temporary credentials), or SSM hybrid activation', `Outside AWS, servers and scripts can get temporary credentials for an IAM role with IAM Roles Anywhere (an X.509 certificate from your CA, used by the credential helper) or an SSM hybrid activation, instead of a stored key.${tail}`);
  }

  if (kind === 'private-key') {
    if (site.file.platform === 'gcp-service-account' || cloudProvider(site) === 'gcp')
      return gcp(site, m);
    if (isSshKey(site))
      return m('session-manager', 'replace', 'Systems Manager Session Manager / EC2 Instance Connect', `Shared SSH keys are long-lived and hard to account for. Session Manager opens shells (and port forwards) through IAM with no inbound port and no key; EC2 Instance Connect pushes a one-time key valid for 60 seconds.`);
    if (/tls|ssl|cert|https|nginx|apache|server\.key|ingress/i.test(`${site.path} ${site.key ?? ''}`))
      return m('acm', 'replace', 'AWS Certificate Manager (TLS at the load balancer / CloudFront), or the key in Secrets Manager', `ACM issues and renews certificates whose private keys never leave AWS; terminate TLS at the load balancer, CloudFront or API Gateway. Where the workload must hold the key, keep it in Secrets Manager and load it at start-up.`);
    if (/jwt|sign|jws|saml|token|oidc/i.test(`${site.path} ${site.key ?? ''}`))
      return m('kms-signing', 'replace', 'AWS KMS asymmetric key (sign without exporting the private key)', `A KMS asymmetric key signs (JWTs, SAML assertions, artifacts) through an API call: the private key never leaves KMS, every use is in CloudTrail, and access is an IAM policy.`);
    return m('secrets-manager', 'rotate', 'AWS Secrets Manager (the key loaded at run time)', `Keep the new key in Secrets Manager, readable only by the workload's IAM role, and load it at start-up; the repository keeps only the secret's name.`);
  }

  if ((platform === 'browser' || platform === 'mobile') && site.finding.ruleId === 'google-api-key')
    return m('restrict-client-key', 'rotate', 'API key restrictions (HTTP referrers or app IDs, allowed APIs)', `Google API keys used from browsers and apps (Maps, Firebase) cannot be hidden: anyone can read them from the page or the app. What protects them is their restrictions: which sites or apps may use them, and which APIs they can call.`);
  if (isRdsMasterPassword(site))
    return m('rds-managed-password', 'rotate', language === 'terraform' ? 'RDS-managed master password in Secrets Manager (manage_master_user_password = true)' : 'RDS-managed master password in Secrets Manager (ManageMasterUserPassword: true)', `RDS can generate the master password, keep it in Secrets Manager and rotate it on its own; the template then holds no password at all. IAM database authentication removes passwords for application users too.`);

  if (kind === 'cloud-credential' || /^(?:azure-ad-client-secret|gcp-service-account)/.test(site.finding.ruleId)) {
    const provider = cloudProvider(site);
    if (provider === 'gcp') return gcp(site, m);
    if (provider === 'azure')
      return m('azure-workload-identity', 'replace', platform === 'github-actions' ? 'Azure workload identity federation (azure/login with OIDC, no client secret)' : 'Azure managed identity / workload identity federation', `Azure trusts external tokens through federated credentials (GitHub OIDC, an AWS role, a Kubernetes service account) and gives Azure-hosted workloads managed identities, so no client secret or account key needs to exist.`);
  }

  if (platform === 'github-actions' && /^github/.test(site.finding.ruleId))
    return m('github-token', 'replace', 'the workflow\'s GITHUB_TOKEN, or a GitHub App installation token', `Each workflow run gets its own GITHUB_TOKEN, scoped by \`permissions:\` and expiring with the job. For access beyond this repository, actions/create-github-app-token mints a short-lived installation token from a GitHub App.`);
  if (platform === 'browser' || platform === 'mobile')
    return m('backend-proxy', 'rotate', 'a server-side call (the key stays on the backend, in Secrets Manager)', `Anything shipped to a browser or a device is readable by its users, environment variables inlined at build time included. Make the call from a backend (an API route or a Lambda behind API Gateway) that reads the key from Secrets Manager.`);
  if (platform === 'github-actions')
    return m('github-actions-secret', 'rotate', 'GitHub Actions encrypted secret (${{ secrets.X }}), or Secrets Manager via OIDC', `Workflows read secrets from the repository's or environment's encrypted secrets, masked in logs. Secrets that live in AWS can be fetched at run time with aws-actions/aws-secretsmanager-get-secrets after OIDC.`);
  if (platform === 'kubernetes' || platform === 'helm')
    return m('external-secrets', 'rotate', 'External Secrets Operator (or the Secrets Store CSI driver) syncing from Secrets Manager', `Values in manifests are readable by everyone with the repository (a Secret manifest is base64, not encryption). External Secrets Operator creates the Kubernetes Secret from Secrets Manager (and refreshes it on rotation); the Secrets Store CSI driver mounts it as a file.`);
  if (language === 'dockerfile')
    return m('docker-build-secret', 'rotate', 'BuildKit build secret (RUN --mount=type=secret), run-time secrets from Secrets Manager', `\`ENV\` and \`ARG\` values are stored in the image's layers and history: anyone who can pull the image can read them. Build secrets are mounted for one RUN step only; run-time secrets come from the platform (ECS task definition \`secrets\`, Kubernetes Secrets).`);
  if (platform === 'docker-compose')
    return m('compose-env', 'rotate', 'docker compose variables from an uncommitted env_file (values from Secrets Manager)', `Compose substitutes \`\${VAR}\` from the environment or an \`.env\`/\`env_file\` that stays out of git; in AWS, ECS task definitions inject Secrets Manager secrets as environment variables.`);
  if (platform === 'spring')
    return m('spring-cloud-aws', 'rotate', 'Spring Cloud AWS Secrets Manager (spring.config.import=aws-secretsmanager:...)', `Spring Cloud AWS loads a Secrets Manager secret as property source at start-up; the properties file keeps a \`\${...}\` placeholder that resolves from it (or from the environment).`);
  if (language === 'dotenv')
    return m('dotenv-uncommitted', 'rotate', '.env kept out of git (.gitignore plus .env.example), values from Secrets Manager', `A .env file holds one machine's values and must not be committed: commit an \`.env.example\` with empty values and keep real values in Secrets Manager (or the CI's secrets).`);
  if (language === 'terraform')
    return m('terraform-secrets-manager', 'rotate', 'Secrets Manager via data "aws_secretsmanager_secret_version"', `Terraform reads the value from Secrets Manager at plan time, so the code holds only the secret's name; mark outputs that carry it \`sensitive\` (the value still lands in state: keep state encrypted and access-controlled).`);
  if (platform === 'cloudformation')
    return m('cloudformation-dynamic-reference', 'rotate', 'CloudFormation dynamic reference ({{resolve:secretsmanager:...}})', `CloudFormation resolves \`{{resolve:secretsmanager:...}}\` during deployment and never shows the value in the template, the console or events.`);
  if (platform === 'dotnet-appsettings')
    return m('dotnet-configuration', 'rotate', '.NET configuration from the environment or Secrets Manager (AWS .NET configuration extension)', `.NET configuration layers environment variables (\`Section__Key\`) and providers such as Amazon.Extensions.Configuration.SystemsManager (Secrets Manager through Parameter Store references) over appsettings.json, so the file can hold an empty value.`);
  return m('secrets-manager', 'rotate', 'AWS Secrets Manager (fetched at run time, automatic rotation)', `Keep the value in Secrets Manager, readable only by the workload's IAM role, fetch it at run time (or inject it as an environment variable from the platform) and let Secrets Manager rotate it; ${where(site)} then holds only a reference.`);
}

function gcp(site: Site, m: (id: MechanismId, s: Strategy, l: string, w: string) => Mechanism): Mechanism {
  return m('gcp-workload-identity', 'replace', site.file.platform === 'github-actions' ? 'Google Cloud Workload Identity Federation (google-github-actions/auth, no key file)' : 'Google Cloud Workload Identity Federation (or the attached service account)', `Service account keys are long-lived. Workload Identity Federation lets GitHub Actions, AWS roles and Kubernetes service accounts impersonate the service account with short-lived tokens; on Google Cloud the attached service account needs no key at all.`);
}

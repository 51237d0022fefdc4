/**
 * The blocks the reviewer copies besides the suggested line: the OIDC step and trust policy, the
 * Terraform data block, the ExternalSecret, the build-secret RUN line, the SDK call... Placeholders are
 * in <angle-brackets>; values never appear.
 */
import type { Site } from '../site.js';
import type { Mechanism } from '../mechanism.js';
import type { Snippet } from '../types.js';
import { CODE_LANGUAGES } from '../file-type.js';
import { kebab } from '../names.js';
import { dataSourceName } from '../edits/terraform.js';
import { k8sSecretName } from '../edits/yaml.js';
import { cognitoSnippet, defaultCredentialsSnippet, fetchSecretSnippet } from './sdk.js';

const repoOf = (site: Site) => site.repo ?? '<owner>/<repo>';

function githubOidc(site: Site): Snippet[] {
  return [
    {
      title: 'The workflow: an OIDC token instead of keys',
      language: 'yaml',
      code: [
        'permissions:',
        '  id-token: write   # lets the job request the OIDC token',
        '  contents: read',
        '',
        'steps:',
        '  - uses: aws-actions/configure-aws-credentials@v4',
        '    with:',
        '      role-to-assume: ${{ vars.AWS_ROLE_ARN }}',
        '      aws-region: <region>',
      ].join('\n'),
    },
    {
      title: 'Trust policy of the role (github-trust-policy.json): only this repository\'s main branch',
      language: 'json',
      code: JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: 'arn:aws:iam::<account-id>:oidc-provider/token.actions.githubusercontent.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: {
                  'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                  'token.actions.githubusercontent.com:sub': `repo:${repoOf(site)}:ref:refs/heads/main`,
                },
              },
            },
          ],
        },
        null,
        2,
      ),
    },
  ];
}

function forMechanism(site: Site, mechanism: Mechanism): Snippet[] {
  const { language } = site.file;
  const name = site.secretName;
  switch (mechanism.id) {
    case 'github-oidc':
      return githubOidc(site);
    case 'terraform-no-static-keys':
      return [
        {
          title: 'The provider without keys (credentials from the environment; assume_role for the target account)',
          language: 'hcl',
          code: ['provider "aws" {', '  region = "<region>"', '', '  assume_role {', '    role_arn = "arn:aws:iam::<account-id>:role/<role-name>"', '  }', '}'].join('\n'),
        },
      ];
    case 'ecs-task-role':
      return [
        {
          title: 'ECS task definition: the role the container\'s SDK uses',
          language: 'json',
          code: JSON.stringify({ family: '<family>', taskRoleArn: 'arn:aws:iam::<account-id>:role/<task-role-name>', containerDefinitions: ['…'] }, null, 2),
        },
      ];
    case 'sdk-default-credentials':
    case 'lambda-execution-role': {
      const s = defaultCredentialsSnippet(language);
      return s ? [s] : [];
    }
    case 'cognito-identity-pool': {
      const s = cognitoSnippet(language);
      return s ? [s] : [];
    }
    case 'iam-roles-anywhere':
      return [
        {
          title: '~/.aws/config on the server: temporary credentials through the Roles Anywhere signing helper',
          language: 'ini',
          code: [
            '[profile <profile>]',
            'credential_process = aws_signing_helper credential-process --certificate /etc/pki/<host>.pem --private-key /etc/pki/<host>.key --trust-anchor-arn <trust-anchor-arn> --profile-arn <profile-arn> --role-arn arn:aws:iam::<account-id>:role/<role-name>',
          ].join('\n'),
        },
      ];
    case 'rds-managed-password':
      return language === 'terraform'
        ? [
            {
              title: 'Where applications find the managed password (the secret RDS creates)',
              language: 'hcl',
              code: ['output "db_master_user_secret_arn" {', '  value = <resource-address>.master_user_secret[0].secret_arn', '}'].join('\n'),
            },
          ]
        : [
            { title: 'Where applications find the managed password (the secret RDS creates)', language: 'yaml', code: '!GetAtt <LogicalId>.MasterUserSecret.SecretArn' },
            {
              title: 'Or keep a secret of your own (JSON with username and password, rotated by Secrets Manager)',
              language: 'yaml',
              code: `MasterUserPassword: '{{resolve:secretsmanager:${site.secretName}:SecretString:password}}'`,
            },
          ];
    case 'gcp-workload-identity':
      return site.file.platform === 'github-actions'
        ? [
            {
              title: 'The workflow: Workload Identity Federation instead of a key',
              language: 'yaml',
              code: [
                'permissions:',
                '  id-token: write',
                '  contents: read',
                '',
                'steps:',
                '  - uses: google-github-actions/auth@v2',
                '    with:',
                '      workload_identity_provider: projects/<project-number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>',
                '      service_account: <service-account>@<project-id>.iam.gserviceaccount.com',
              ].join('\n'),
            },
          ]
        : [];
    case 'azure-workload-identity':
      return site.file.platform === 'github-actions'
        ? [
            {
              title: 'The workflow: federated credentials instead of a client secret',
              language: 'yaml',
              code: [
                'permissions:',
                '  id-token: write',
                '  contents: read',
                '',
                'steps:',
                '  - uses: azure/login@v2',
                '    with:',
                '      client-id: ${{ vars.AZURE_CLIENT_ID }}',
                '      tenant-id: ${{ vars.AZURE_TENANT_ID }}',
                '      subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}',
              ].join('\n'),
            },
          ]
        : [];
    case 'github-token':
      return [
        {
          title: 'Beyond this repository: a short-lived GitHub App token',
          language: 'yaml',
          code: [
            '- uses: actions/create-github-app-token@v2',
            '  id: app-token',
            '  with:',
            '    app-id: ${{ vars.APP_ID }}',
            '    private-key: ${{ secrets.APP_PRIVATE_KEY }}',
            '# then: ${{ steps.app-token.outputs.token }}',
          ].join('\n'),
        },
      ];
    case 'github-actions-secret':
      return [
        {
          title: 'Or fetch it from Secrets Manager in the job (after OIDC)',
          language: 'yaml',
          code: ['- uses: aws-actions/aws-secretsmanager-get-secrets@v2', '  with:', '    secret-ids: |', `      ${site.variable}, ${name}`].join('\n'),
        },
      ];
    case 'external-secrets': {
      const target = k8sSecretName(site);
      return [
        {
          title: 'ExternalSecret: the Kubernetes Secret, synced from Secrets Manager',
          language: 'yaml',
          code: [
            'apiVersion: external-secrets.io/v1',
            'kind: ExternalSecret',
            'metadata:',
            `  name: ${target}`,
            'spec:',
            '  refreshInterval: 1h',
            '  secretStoreRef:',
            '    kind: ClusterSecretStore',
            '    name: aws-secrets-manager',
            '  target:',
            `    name: ${target}`,
            '  data:',
            `    - secretKey: ${kebab(site.variable)}`,
            '      remoteRef:',
            `        key: ${name}`,
          ].join('\n'),
        },
      ];
    }
    case 'docker-build-secret':
      return [
        {
          title: 'Build time: a secret mounted for one RUN step (never in a layer)',
          language: 'dockerfile',
          code: ['# syntax=docker/dockerfile:1', `RUN --mount=type=secret,id=${kebab(site.variable)},env=${site.variable} <command that needs it>`].join('\n'),
        },
        {
          title: 'Run time on ECS: inject it from Secrets Manager',
          language: 'json',
          code: JSON.stringify({ secrets: [{ name: site.variable, valueFrom: `arn:aws:secretsmanager:<region>:<account-id>:secret:${name}` }] }, null, 2),
        },
      ];
    case 'compose-env':
      return [
        { title: 'compose.yaml: values from an uncommitted file', language: 'yaml', code: ['services:', '  <service>:', '    env_file: .env   # in .gitignore; commit .env.example'].join('\n') },
      ];
    case 'spring-cloud-aws':
      return [
        {
          title: 'Load the secret as a property source (io.awspring.cloud:spring-cloud-aws-starter-secrets-manager)',
          language: site.file.language === 'yaml' ? 'yaml' : 'properties',
          code: site.file.language === 'yaml' ? ['spring:', '  config:', `    import: aws-secretsmanager:${name}`].join('\n') : `spring.config.import=aws-secretsmanager:${name}`,
        },
      ];
    case 'dotenv-uncommitted':
      return [
        { title: '.gitignore', language: 'gitignore', code: '.env\n.env.*\n!.env.example' },
        { title: '.env.example (committed, no values)', language: 'dotenv', code: `${site.variable}=` },
      ];
    case 'terraform-secrets-manager':
      return [
        {
          title: 'The data source the reference reads',
          language: 'hcl',
          code: [`data "aws_secretsmanager_secret_version" "${dataSourceName(site)}" {`, `  secret_id = "${name}"`, '}'].join('\n'),
        },
      ];
    case 'dotnet-configuration':
      return [
        {
          title: 'Program.cs: Secrets Manager as a configuration source (Amazon.Extensions.Configuration.SystemsManager)',
          language: 'csharp',
          code: `builder.Configuration.AddSystemsManager("/aws/reference/secretsmanager/${name}");`,
        },
      ];
    case 'backend-proxy':
    case 'secrets-manager': {
      const sdkLanguage = CODE_LANGUAGES.has(language) || language === 'shell' ? language : 'typescript';
      const s = site.file.platform === 'browser' || site.file.platform === 'mobile' ? fetchSecretSnippet('typescript', name, site.variable) : fetchSecretSnippet(sdkLanguage, name, site.variable);
      return s ? [s] : [];
    }
    default:
      return [];
  }
}

export function snippetsFor(site: Site, mechanism: Mechanism): Snippet[] {
  const out = forMechanism(site, mechanism);
  // code whose edit reads an environment variable: show how the value gets there from Secrets Manager
  if (mechanism.id === 'secrets-manager' && site.file.platform === 'lambda')
    out.push({ title: 'In Lambda: read it through the Parameters and Secrets extension (cached, no SDK call per request)', language: 'text', code: `GET http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(site.secretName)}  (header X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN)` });
  return out;
}

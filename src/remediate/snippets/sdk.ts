/**
 * Run-time code per language: fetching a secret from Secrets Manager with the AWS SDK, and building
 * a client without explicit keys (the default credential chain finds the role).
 */
import type { Language } from '../file-type.js';
import type { Snippet } from '../types.js';
import { words } from '../names.js';

function camel(variable: string): string {
  const w = words(variable);
  return w.map((x, i) => (i === 0 ? x : x[0]!.toUpperCase() + x.slice(1))).join('') || 'secret';
}

function snake(variable: string): string {
  return words(variable).join('_') || 'secret';
}

/** Fetch `secretName` at run time into a local named after `variable`. */
export function fetchSecretSnippet(language: Language, secretName: string, variable: string): Snippet | undefined {
  const c = camel(variable);
  const s = snake(variable);
  const title = 'Fetch it at run time (AWS SDK)';
  switch (language) {
    case 'typescript':
    case 'javascript':
      return {
        title: 'Fetch it at run time (AWS SDK v3, @aws-sdk/client-secrets-manager)',
        language: language === 'typescript' ? 'ts' : 'js',
        code: [
          "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
          '',
          'const secrets = new SecretsManagerClient({});',
          `const { SecretString: ${c} } = await secrets.send(new GetSecretValueCommand({ SecretId: '${secretName}' }));`,
        ].join('\n'),
      };
    case 'python':
      return {
        title: 'Fetch it at run time (boto3)',
        language: 'python',
        code: ['import boto3', '', `${s} = boto3.client("secretsmanager").get_secret_value(SecretId="${secretName}")["SecretString"]`].join('\n'),
      };
    case 'go':
      return {
        title: 'Fetch it at run time (aws-sdk-go-v2)',
        language: 'go',
        code: [
          'cfg, err := config.LoadDefaultConfig(ctx)',
          'if err != nil {',
          '\treturn err',
          '}',
          `out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("${secretName}")})`,
          'if err != nil {',
          '\treturn err',
          '}',
          `${c} := aws.ToString(out.SecretString)`,
        ].join('\n'),
      };
    case 'java':
      return {
        title: 'Fetch it at run time (AWS SDK for Java 2.x)',
        language: 'java',
        code: [
          'try (SecretsManagerClient secrets = SecretsManagerClient.create()) {',
          `    String ${c} = secrets.getSecretValue(r -> r.secretId("${secretName}")).secretString();`,
          '}',
        ].join('\n'),
      };
    case 'kotlin':
      return {
        title: 'Fetch it at run time (AWS SDK for Java 2.x)',
        language: 'kotlin',
        code: `val ${c} = SecretsManagerClient.create().use { it.getSecretValue { r -> r.secretId("${secretName}") }.secretString() }`,
      };
    case 'csharp':
      return {
        title: 'Fetch it at run time (AWSSDK.SecretsManager)',
        language: 'csharp',
        code: [
          'using var secrets = new Amazon.SecretsManager.AmazonSecretsManagerClient();',
          `var ${c} = (await secrets.GetSecretValueAsync(new Amazon.SecretsManager.Model.GetSecretValueRequest { SecretId = "${secretName}" })).SecretString;`,
        ].join('\n'),
      };
    case 'ruby':
      return {
        title: 'Fetch it at run time (aws-sdk-secretsmanager)',
        language: 'ruby',
        code: ['require "aws-sdk-secretsmanager"', '', `${s} = Aws::SecretsManager::Client.new.get_secret_value(secret_id: "${secretName}").secret_string`].join('\n'),
      };
    case 'php':
      return {
        title: 'Fetch it at run time (AWS SDK for PHP)',
        language: 'php',
        code: [
          "$secrets = new Aws\\SecretsManager\\SecretsManagerClient(['region' => getenv('AWS_REGION')]);",
          `$${c} = $secrets->getSecretValue(['SecretId' => '${secretName}'])['SecretString'];`,
        ].join('\n'),
      };
    case 'shell':
      return { title, language: 'shell', code: `${variable}="$(aws secretsmanager get-secret-value --secret-id ${secretName} --query SecretString --output text)"` };
    default:
      return undefined;
  }
}

/** A client that finds credentials itself (role, SSO profile, Roles Anywhere profile). */
export function defaultCredentialsSnippet(language: Language): Snippet | undefined {
  const title = 'Create clients without keys: the default credential chain finds the role';
  switch (language) {
    case 'typescript':
    case 'javascript':
      return { title, language: language === 'typescript' ? 'ts' : 'js', code: "import { S3Client } from '@aws-sdk/client-s3';\n\nconst s3 = new S3Client({}); // no `credentials`: role, SSO profile or Roles Anywhere profile" };
    case 'python':
      return { title, language: 'python', code: 'import boto3\n\ns3 = boto3.client("s3")  # no keys: boto3 finds the role' };
    case 'go':
      return { title, language: 'go', code: 'cfg, err := config.LoadDefaultConfig(ctx) // no static credentials provider\nif err != nil {\n\treturn err\n}\ns3Client := s3.NewFromConfig(cfg)' };
    case 'java':
      return { title, language: 'java', code: 'S3Client s3 = S3Client.create(); // DefaultCredentialsProvider' };
    case 'kotlin':
      return { title, language: 'kotlin', code: 'val s3 = S3Client.create() // DefaultCredentialsProvider' };
    case 'csharp':
      return { title, language: 'csharp', code: 'var s3 = new Amazon.S3.AmazonS3Client(); // default credential chain' };
    case 'ruby':
      return { title, language: 'ruby', code: 'require "aws-sdk-s3"\n\ns3 = Aws::S3::Client.new # default credential chain' };
    case 'php':
      return { title, language: 'php', code: "$s3 = new Aws\\S3\\S3Client(['region' => getenv('AWS_REGION')]); // no 'credentials': default provider" };
    default:
      return undefined;
  }
}

/** Browser / mobile JavaScript: temporary credentials from a Cognito identity pool. */
export function cognitoSnippet(language: Language): Snippet | undefined {
  if (language !== 'typescript' && language !== 'javascript') return undefined;
  return {
    title: 'Temporary credentials from a Cognito identity pool (@aws-sdk/credential-providers)',
    language: language === 'typescript' ? 'ts' : 'js',
    code: [
      "import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';",
      "import { S3Client } from '@aws-sdk/client-s3';",
      '',
      'const s3 = new S3Client({',
      "  region: '<region>',",
      "  credentials: fromCognitoIdentityPool({ identityPoolId: '<region>:<identity-pool-id>', clientConfig: { region: '<region>' } }),",
      '});',
    ].join('\n'),
  };
}

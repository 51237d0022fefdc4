/**
 * Remediation cases: one credential kind in one file type each. The file text is built at test time
 * from fake values (no whole real-format token lives in the repository); the expected output of each
 * case is a reviewed golden file under test/fixtures/remediate/<name>.md.
 */
import type { Fake, Kind } from '../../src/detect/rule.js';

export type Parser = 'ts' | 'tsx' | 'js' | 'json' | 'yaml';

export interface Case {
  /** golden file name (without .md) */
  readonly name: string;
  readonly path: string;
  readonly text: (f: Fake) => string;
  readonly repo?: string;
  /** which finding of the scan to remediate (default: the first) */
  readonly pick?: { readonly kind?: Kind; readonly rule?: RegExp; readonly line?: number };
  readonly mechanism: string;
  /** whether a suggestion is expected */
  readonly suggests: boolean;
  /** parse the file after applying the suggestion */
  readonly parser?: Parser;
}

const REPO = 'acme/my-repo';
const keyId = (f: Fake) => `AKIA${f.chars('A', 16)}`;
const secretKey = (f: Fake) => f.chars('b64', 40);
const pw = (f: Fake, n = 18) => f.chars('aA0', n);

export const CASES: readonly Case[] = [
  // ---------------------------------------------------------------- AWS access keys, by context
  {
    name: 'aws-key-typescript',
    path: 'src/storage/s3.ts',
    text: (f) => `import { S3Client } from '@aws-sdk/client-s3';\n\nexport const s3 = new S3Client({\n  region: process.env.AWS_REGION,\n  credentials: { accessKeyId: '${keyId(f)}', secretAccessKey: '${secretKey(f)}' },\n});\n`,
    mechanism: 'sdk-default-credentials',
    suggests: true,
    parser: 'ts',
  },
  {
    name: 'aws-key-javascript-lambda',
    path: 'functions/thumbnail/index.js',
    text: (f) => `const { S3Client } = require('@aws-sdk/client-s3');\nconst ACCESS_KEY_ID = "${keyId(f)}";\n\nexports.handler = async (event) => {\n  return { statusCode: 200 };\n};\n`,
    mechanism: 'lambda-execution-role',
    suggests: true,
    parser: 'js',
  },
  {
    name: 'aws-key-python',
    path: 'scripts/prod/upload.py',
    text: (f) => `import os\nimport boto3\n\ns3 = boto3.client(\n    "s3",\n    aws_access_key_id="${keyId(f)}",\n    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],\n)\n`,
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-go',
    path: 'internal/storage/client.go',
    text: (f) => `package storage\n\nimport (\n\t"context"\n\t"os"\n\n\t"github.com/aws/aws-sdk-go-v2/credentials"\n)\n\nvar provider = credentials.NewStaticCredentialsProvider("${keyId(f)}", "${secretKey(f)}", "")\n\nfunc region() string { return os.Getenv("AWS_REGION") }\n\nvar _ = context.Background\n`,
    pick: { rule: /^aws-access-key-id$/ },
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-java',
    path: 'src/main/java/com/acme/Storage.java',
    text: (f) => `package com.acme;\n\nclass Storage {\n    static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("${keyId(f)}", "${secretKey(f)}");\n}\n`,
    pick: { rule: /^aws-access-key-id$/ },
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-csharp',
    path: 'src/Acme.Api/Storage.cs',
    text: (f) => `using System;\nusing Amazon.Runtime;\n\npublic class Storage\n{\n    private readonly AWSCredentials credentials = new BasicAWSCredentials("${keyId(f)}", "${secretKey(f)}");\n}\n`,
    pick: { rule: /^aws-access-key-id$/ },
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-ruby',
    path: 'config/initializers/aws.rb',
    text: (f) => `Aws.config.update(\n  credentials: Aws::Credentials.new('${keyId(f)}', '${secretKey(f)}')\n)\n`,
    pick: { rule: /^aws-access-key-id$/ },
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-php',
    path: 'src/Storage.php',
    text: (f) => `<?php\n$s3 = new Aws\\S3\\S3Client([\n    'region' => 'us-east-1',\n    'credentials' => [\n        'key' => '${keyId(f)}',\n        'secret' => getenv('AWS_SECRET_ACCESS_KEY'),\n    ],\n]);\n`,
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-workflow-oidc',
    path: '.github/workflows/deploy.yml',
    text: (f) =>
      `name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${keyId(f)}\n          aws-secret-access-key: ${secretKey(f)}\n          aws-region: us-east-1\n      - run: aws s3 sync dist s3://acme-site\n`,
    pick: { rule: /^aws-access-key-id$/ },
    mechanism: 'github-oidc',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'aws-secret-workflow-oidc',
    path: '.github/workflows/deploy.yml',
    text: (f) =>
      `name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${secretKey(f)}\n          aws-region: us-east-1\n`,
    mechanism: 'github-oidc',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'aws-key-workflow-env',
    path: '.github/workflows/nightly.yml',
    text: (f) => `on:\n  schedule:\n    - cron: "0 3 * * *"\njobs:\n  backup:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${keyId(f)}\n    steps:\n      - run: ./backup.sh\n`,
    mechanism: 'github-oidc',
    suggests: false,
  },
  {
    name: 'aws-key-terraform-provider',
    path: 'infra/prod/providers.tf',
    text: (f) => `provider "aws" {\n  region     = "eu-west-1"\n  access_key = "${keyId(f)}"\n  secret_key = "${secretKey(f)}"\n}\n`,
    pick: { line: 4 },
    mechanism: 'terraform-no-static-keys',
    suggests: true,
  },
  {
    name: 'aws-key-dockerfile',
    path: 'Dockerfile',
    text: (f) => `FROM node:20-alpine\nWORKDIR /app\nENV AWS_ACCESS_KEY_ID=${keyId(f)}\nCOPY . .\nCMD ["node", "server.js"]\n`,
    mechanism: 'ecs-task-role',
    suggests: true,
  },
  {
    name: 'aws-key-compose',
    path: 'docker-compose.yml',
    text: (f) => `services:\n  worker:\n    image: acme/worker\n    environment:\n      - AWS_REGION=us-east-1\n      - AWS_ACCESS_KEY_ID=${keyId(f)}\n`,
    mechanism: 'ecs-task-role',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'aws-key-dotenv',
    path: '.env',
    text: (f) => `AWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=${keyId(f)} # ci user\n`,
    mechanism: 'sdk-default-credentials',
    suggests: true,
  },
  {
    name: 'aws-key-kubernetes',
    path: 'deploy/k8s/worker.yaml',
    text: (f) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: acme/worker:1.2.3\n          env:\n            - name: AWS_ACCESS_KEY_ID\n              value: ${keyId(f)}\n`,
    mechanism: 'eks-pod-identity',
    suggests: false,
  },
  {
    name: 'aws-key-swift',
    path: 'ios/Acme/Upload.swift',
    text: (f) => `import AWSS3\n\nlet credentials = AWSStaticCredentialsProvider(accessKey: "${keyId(f)}", secretKey: "${secretKey(f)}")\n`,
    pick: { rule: /^aws-access-key-id$/ },
    mechanism: 'cognito-identity-pool',
    suggests: false,
  },
  {
    name: 'aws-key-kotlin-android',
    path: 'app/src/main/java/com/acme/Upload.kt',
    text: (f) => `package com.acme\n\nconst val ACCESS_KEY_ID = "${keyId(f)}"\n`,
    mechanism: 'cognito-identity-pool',
    suggests: false,
  },
  {
    name: 'aws-key-shell',
    path: 'ops/backup.sh',
    text: (f) => `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${keyId(f)}\naws s3 cp /var/backups s3://acme-backups --recursive\n`,
    mechanism: 'iam-roles-anywhere',
    suggests: false,
  },
  {
    name: 'aws-key-in-comment',
    path: 'src/config.ts',
    text: (f) => `// old key: ${keyId(f)} (do not use)\nexport const region = 'us-east-1';\n`,
    mechanism: 'sdk-default-credentials',
    suggests: true,
    parser: 'ts',
  },
  // ---------------------------------------------------------------- RDS master passwords
  {
    name: 'rds-terraform-instance',
    path: 'infra/prod/db.tf',
    text: (f) =>
      `resource "aws_db_instance" "orders" {\n  identifier        = "orders"\n  engine            = "postgres"\n  instance_class    = "db.t3.micro"\n  allocated_storage = 20\n  username          = "orders"\n  password          = "${pw(f)}"\n}\n`,
    mechanism: 'rds-managed-password',
    suggests: true,
  },
  {
    name: 'rds-terraform-cluster',
    path: 'infra/staging/aurora.tf',
    text: (f) => `resource "aws_rds_cluster" "main" {\n  engine          = "aurora-postgresql"\n  master_username = "admin"\n  master_password = "${pw(f)}"\n}\n`,
    mechanism: 'rds-managed-password',
    suggests: true,
  },
  {
    name: 'rds-cloudformation-yaml',
    path: 'cfn/database.yaml',
    text: (f) =>
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Database:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: "20"\n      MasterUsername: app\n      MasterUserPassword: ${pw(f)}\n`,
    mechanism: 'rds-managed-password',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'rds-cloudformation-json',
    path: 'cfn/database.json',
    text: (f) =>
      `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Cluster": {\n      "Type": "AWS::RDS::DBCluster",\n      "Properties": {\n        "Engine": "aurora-mysql",\n        "MasterUsername": "admin",\n        "MasterUserPassword": "${pw(f)}",\n        "DatabaseName": "orders"\n      }\n    }\n  }\n}\n`,
    mechanism: 'rds-managed-password',
    suggests: true,
    parser: 'json',
  },
  // ---------------------------------------------------------------- database credentials elsewhere
  {
    name: 'db-password-spring-properties',
    path: 'src/main/resources/application-prod.properties',
    text: (f) => `spring.datasource.url=jdbc:postgresql://pg.internal:5432/orders\nspring.datasource.username=orders\nspring.datasource.password=${pw(f)}\n`,
    mechanism: 'spring-cloud-aws',
    suggests: true,
  },
  {
    name: 'db-url-spring-yaml',
    path: 'src/main/resources/application.yml',
    text: (f) => `spring:\n  datasource:\n    url: jdbc:postgresql://orders:${pw(f)}@pg.internal:5432/orders\n`,
    mechanism: 'spring-cloud-aws',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'db-connection-string-appsettings',
    path: 'src/Acme.Api/appsettings.Production.json',
    text: (f) => `{\n  "ConnectionStrings": {\n    "Orders": "Server=sql.internal;Database=orders;User Id=orders;Password=${pw(f)};"\n  },\n  "Logging": { "LogLevel": { "Default": "Information" } }\n}\n`,
    mechanism: 'dotnet-configuration',
    suggests: true,
    parser: 'json',
  },
  {
    name: 'db-url-python',
    path: 'app/settings.py',
    text: (f) => `import os\n\nDEBUG = os.environ.get("DEBUG") == "1"\nDATABASE_URL = "postgresql://app:${pw(f)}@db.internal:5432/app"\n`,
    mechanism: 'secrets-manager',
    suggests: true,
  },
  {
    name: 'db-url-python-no-os',
    path: 'app/db.py',
    text: (f) => `from sqlalchemy import create_engine\n\nengine = create_engine("postgresql+psycopg2://etl:${pw(f)}@10.0.3.12/warehouse")\n`,
    mechanism: 'secrets-manager',
    suggests: false,
  },
  {
    name: 'db-password-compose',
    path: 'deploy/compose.yaml',
    text: (f) => `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: orders\n      POSTGRES_PASSWORD: ${pw(f)}\n`,
    mechanism: 'compose-env',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'db-password-kubernetes-env',
    path: 'deploy/k8s/api.yaml',
    repo: REPO,
    text: (f) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:2.0.0\n          env:\n            - name: DB_HOST\n              value: pg.internal\n            - name: DB_PASSWORD\n              value: "${pw(f, 14)}"\n`,
    mechanism: 'external-secrets',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'db-password-dotenv',
    path: '.env.production',
    text: (f) => `DB_HOST=db.internal\nDB_PASSWORD="${pw(f)}"\n`,
    mechanism: 'dotenv-uncommitted',
    suggests: true,
  },
  {
    name: 'db-password-dockerfile',
    path: 'docker/api.Dockerfile',
    text: (f) => `FROM python:3.12-slim\nENV DB_PASSWORD=${pw(f)}\nCMD ["gunicorn", "app:app"]\n`,
    mechanism: 'docker-build-secret',
    suggests: false,
  },
  {
    name: 'db-password-terraform-module',
    path: 'infra/dev/main.tf',
    text: (f) => `module "api" {\n  source      = "./modules/api"\n  db_password = "${pw(f)}"\n}\n`,
    mechanism: 'terraform-secrets-manager',
    suggests: true,
  },
  // ---------------------------------------------------------------- API keys and tokens
  {
    name: 'stripe-key-javascript',
    path: 'server/payments.js',
    text: (f) => `const stripe = require('stripe')('sk_live_${f.chars('aA0', 24)}');\n\nmodule.exports = { stripe };\n`,
    mechanism: 'secrets-manager',
    suggests: true,
    parser: 'js',
  },
  {
    name: 'stripe-key-python',
    path: 'billing/config.py',
    text: (f) => `import os\n\nstripe_secret_key = "sk_live_${f.chars('aA0', 32)}"\n`,
    mechanism: 'secrets-manager',
    suggests: true,
  },
  {
    name: 'openai-key-go-no-os',
    path: 'cmd/bot/main.go',
    text: (f) => `package main\n\nimport "fmt"\n\nconst openAIKey = "sk-${f.chars('aA0', 20)}T3BlbkFJ${f.chars('aA0', 20)}"\n\nfunc main() { fmt.Println(len(openAIKey)) }\n`,
    mechanism: 'secrets-manager',
    suggests: false,
  },
  {
    name: 'sendgrid-key-csharp-const',
    path: 'src/Acme.Mail/Mailer.cs',
    text: (f) => `public static class Mailer\n{\n    public const string ApiKey = "SG.${f.chars('b64url', 22)}.${f.chars('b64url', 43)}";\n}\n`,
    mechanism: 'secrets-manager',
    suggests: false,
  },
  {
    name: 'slack-webhook-ruby',
    path: 'lib/notifier.rb',
    text: (f) => `class Notifier\n  WEBHOOK_URL = "https://hooks.slack.com/services/T${f.chars('A0', 8)}/B${f.chars('A0', 10)}/${f.chars('aA0', 24)}"\nend\n`,
    mechanism: 'secrets-manager',
    suggests: true,
  },
  {
    name: 'github-token-workflow',
    path: '.github/workflows/release.yml',
    text: (f) => `on:\n  push:\n    tags: ["v*"]\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create "$GITHUB_REF_NAME"\n        env:\n          GH_TOKEN: ${f.githubToken('ghp')}\n`,
    mechanism: 'github-token',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'npm-token-workflow',
    path: '.github/workflows/publish.yml',
    text: (f) => `on: release\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${f.npmToken()}\n`,
    mechanism: 'github-actions-secret',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'npm-token-npmrc',
    path: '.npmrc',
    text: (f) => `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${f.npmToken()}\n`,
    mechanism: 'secrets-manager',
    suggests: true,
  },
  {
    name: 'google-api-key-browser',
    path: 'web/src/firebase.ts',
    text: (f) => `import { initializeApp } from 'firebase/app';\n\nconst app = initializeApp({\n  apiKey: "AIza${f.chars('b64url', 35)}",\n  authDomain: "shop.firebaseapp.com",\n});\nexport default app;\nconsole.log(import.meta.env.MODE);\n`,
    mechanism: 'restrict-client-key',
    suggests: false,
  },
  {
    name: 'api-key-cloudformation-lambda',
    path: 'template.yaml',
    text: (f) =>
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Notify:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Environment:\n        Variables:\n          STRIPE_SECRET_KEY: sk_live_${f.chars('aA0', 32)}\n`,
    mechanism: 'cloudformation-dynamic-reference',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'sentry-token-shell',
    path: 'scripts/release.sh',
    repo: REPO,
    text: (f) => `#!/usr/bin/env bash\nset -euo pipefail\nexport SENTRY_AUTH_TOKEN="sntrys_${Buffer.from(JSON.stringify({ iat: 1764288000.5, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })).toString('base64').replace(/=+$/, '')}_${f.chars('b64', 43)}"\nsentry-cli releases new "$VERSION"\n`,
    mechanism: 'secrets-manager',
    suggests: true,
  },
  {
    name: 'password-maven-settings',
    path: 'settings.xml',
    text: (f) => `<settings>\n  <servers>\n    <server>\n      <id>acme-releases</id>\n      <username>deploy</username>\n      <password>${pw(f)}</password>\n    </server>\n  </servers>\n</settings>\n`,
    mechanism: 'secrets-manager',
    suggests: true,
  },
  // ---------------------------------------------------------------- private keys
  {
    name: 'private-key-workflow-block',
    path: '.github/workflows/deploy-ssh.yml',
    text: (f) =>
      `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: webfactory/ssh-agent@v0.9.0\n        with:\n          ssh-private-key: |\n${f.pem('OPENSSH PRIVATE KEY', 6).split('\n').map((l) => `            ${l}`).join('\n')}\n      - run: ssh deploy@host ./release.sh\n`,
    mechanism: 'session-manager',
    suggests: true,
    parser: 'yaml',
  },
  {
    name: 'private-key-kubernetes-secret',
    path: 'deploy/k8s/tls.yaml',
    text: (f) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n${f.pem('PRIVATE KEY', 6).split('\n').map((l) => `    ${l}`).join('\n')}\n`,
    mechanism: 'acm',
    suggests: false,
  },
  {
    name: 'private-key-ssh-file',
    path: 'deploy/keys/id_rsa',
    text: (f) => `${f.pem('RSA PRIVATE KEY', 8)}\n`,
    mechanism: 'session-manager',
    suggests: false,
  },
  {
    name: 'private-key-typescript-signing',
    path: 'src/auth/jwt.ts',
    text: (f) => `import { SignJWT } from 'jose';\n\nconst signingKey = \`${f.pem('PRIVATE KEY', 5)}\`;\n\nexport { signingKey, SignJWT };\n`,
    mechanism: 'kms-signing',
    suggests: true,
    parser: 'ts',
  },
  {
    name: 'private-key-python-triple-quoted',
    path: 'service/signing.py',
    text: (f) => `import os\n\nPRIVATE_KEY = """\n${f.pem('EC PRIVATE KEY', 3)}\n"""\n`,
    mechanism: 'kms-signing',
    suggests: true,
  },
  // ---------------------------------------------------------------- other clouds
  {
    name: 'gcp-service-account-json',
    path: 'deploy/gcp-key.json',
    text: (f) => `{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${f.chars('hex', 40)}",\n  "client_email": "ci@acme-prod.iam.gserviceaccount.com"\n}\n`,
    mechanism: 'gcp-workload-identity',
    suggests: false,
  },
  {
    name: 'azure-client-secret-workflow',
    path: '.github/workflows/azure.yml',
    text: (f) => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AZURE_CLIENT_SECRET: ${f.chars('aA0', 3)}8Q~${f.chars('aA0', 31)}\n    steps:\n      - run: az login --service-principal\n`,
    mechanism: 'azure-workload-identity',
    suggests: false,
  },
  {
    name: 'azure-storage-appsettings',
    path: 'src/Orders.Functions/appsettings.json',
    text: (f) => `{\n  "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=ordersfn;AccountKey=${f.chars('b64', 86)}==;EndpointSuffix=core.windows.net"\n}\n`,
    mechanism: 'azure-workload-identity',
    suggests: true,
    parser: 'json',
  },
];

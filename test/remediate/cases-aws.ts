/** Cases for AWS access keys in every context, and RDS master passwords. */
import type { Fake } from '../../src/detect/rule.js';
import type { Case } from './cases.js';

const keyId = (f: Fake) => `AKIA${f.chars('A', 16)}`;
const secretKey = (f: Fake) => f.chars('b64', 40);
const pw = (f: Fake, n = 18) => f.chars('aA0', n);

export const AWS_CASES: readonly Case[] = [
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
];

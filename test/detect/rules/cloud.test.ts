/**
 * The cloud family on realistic files: which findings come out (rule and line), and which
 * look-alikes (development storage, the Azurite and emulator keys, instrumentation keys, references)
 * stay silent. Scanned with the whole catalog, as files are in production.
 */
import { describe, expect, it } from '@jest/globals';
import { CLOUD_RULES } from '../../../src/detect/rules/cloud.js';
import type { Finding } from '../../../src/detect/finding.js';
import { evidenceOf } from '../../../src/detect/finding.js';
import type { Sample } from '../../../src/detect/rule.js';
import { createFake } from '../../support/fake.js';
import { scanSample } from '../../support/scan.js';

const f = createFake(7331);
const CLOUD_IDS = new Set(CLOUD_RULES.map((r) => r.id));

const uuid = () => `${f.chars('hex', 8)}-${f.chars('hex', 4)}-4${f.chars('hex', 3)}-b${f.chars('hex', 3)}-${f.chars('hex', 12)}`;
const key64 = () => f.chars('b64', 86) + '==';
const key32 = () => f.chars('b64', 43) + '=';

/** Findings of this family, as [rule id, line]. */
function cloudFindings(findings: readonly Finding[]): [string, number][] {
  return findings.filter((x) => CLOUD_IDS.has(x.ruleId)).map((x) => [x.ruleId, x.startLine]);
}

/** Where any two findings cover the same characters (the same secret reported twice). */
function overlaps(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const spans = findings.map((x) => ({ id: x.ruleId, a: [x.startLine, x.startColumn], b: [x.endLine, x.endColumn] }));
  const before = (p: number[], q: number[]) => p[0]! < q[0]! || (p[0] === q[0] && p[1]! < q[1]!);
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) {
      const x = spans[i]!;
      const y = spans[j]!;
      if (before(x.a, y.b) && before(y.a, x.b)) out.push(`${x.id} / ${y.id}`);
    }
  return out;
}

function scan(sample: Sample) {
  const findings = scanSample(sample);
  return { findings, cloud: cloudFindings(findings), overlaps: overlaps(findings) };
}

describe('cloud rules on realistic files', () => {
  it('a GCP service-account key file: one cloud finding (the key id) and the PEM for the keys family', () => {
    const keyId = f.chars('hex', 40);
    const pem = f.pem('PRIVATE KEY', 26).split('\n').join('\\n') + '\\n';
    const text = [
      '{',
      '  "type": "service_account",',
      '  "project_id": "ledger-prod-311",',
      `  "private_key_id": "${keyId}",`,
      `  "private_key": "${pem}",`,
      '  "client_email": "exporter@ledger-prod-311.iam.gserviceaccount.com",',
      `  "client_id": "10${f.chars('0', 19)}",`,
      '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
      '  "token_uri": "https://oauth2.googleapis.com/token",',
      '  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",',
      '  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/exporter%40ledger-prod-311.iam.gserviceaccount.com",',
      '  "universe_domain": "googleapis.com"',
      '}',
      '',
    ].join('\n');
    const { findings, cloud, overlaps: clashes } = scan({ path: 'secrets/ledger-prod-311-4f1c2a.json', text });
    expect(cloud).toEqual([['gcp-service-account-key', 4]]);
    const gcp = findings.find((x) => x.ruleId === 'gcp-service-account-key')!;
    expect(gcp.kind).toBe('cloud-credential');
    expect(evidenceOf(gcp)!.secret).toBe(keyId);
    // The key family reports the PEM on line 5; nothing reports the same characters twice.
    expect(findings.filter((x) => x.kind === 'private-key').map((x) => x.startLine)).toEqual([5]);
    expect(findings.map((x) => x.kind).sort()).toEqual(['cloud-credential', 'private-key']);
    expect(clashes).toEqual([]);
  });

  it('an Azure appsettings.json: each connection string once, on its key, and nothing for the non-secrets', () => {
    const text = [
      '{',
      '  "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },',
      '  "AllowedHosts": "*",',
      '  "ConnectionStrings": {',
      `    "Blobs": "DefaultEndpointsProtocol=https;AccountName=ledgerdocs;AccountKey=${key64()};EndpointSuffix=core.windows.net",`,
      `    "Bus": "Endpoint=sb://ledger-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key32()}",`,
      `    "Cosmos": "AccountEndpoint=https://ledger-db.documents.azure.com:443/;AccountKey=${key64()};",`,
      `    "Redis": "ledger-cache.redis.cache.windows.net:6380,password=${key32()},ssl=True,abortConnect=False"`,
      '  },',
      '  "ApplicationInsights": {',
      `    "ConnectionString": "InstrumentationKey=${uuid()};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/"`,
      '  },',
      '  "AzureAd": {',
      '    "Instance": "https://login.microsoftonline.com/",',
      `    "TenantId": "${uuid()}",`,
      `    "ClientId": "${uuid()}",`,
      `    "ClientSecret": "${f.chars('aA0', 3)}8Q~${f.chars('b64url', 34)}"`,
      '  },',
      '  "KeyVault": { "Uri": "https://ledger-kv.vault.azure.net/" }',
      '}',
    ].join('\n');
    const { cloud, overlaps: clashes } = scan({ path: 'src/Ledger.Api/appsettings.Production.json', text });
    expect(cloud).toEqual([
      ['azure-storage-connection-string', 5],
      ['azure-service-bus-connection-string', 6],
      ['azure-cosmosdb-key', 7],
      ['azure-cache-for-redis-key', 8],
      ['azure-ad-client-secret', 17],
    ]);
    expect(clashes).toEqual([]);
  });

  it('local development settings: UseDevelopmentStorage, Azurite and the emulators are not findings', () => {
    // Azurite's account key and the Cosmos DB emulator key are published by Microsoft for local use;
    // they are built in pieces here so that this file holds no whole key.
    const azurite = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/' + 'K1SZFPTOtr/KBHBeksoGMGw==';
    const cosmosEmulator = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/' + 'Jw==';
    const localSettings = [
      '{',
      '  "IsEncrypted": false,',
      '  "Values": {',
      '    "AzureWebJobsStorage": "UseDevelopmentStorage=true",',
      '    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",',
      `    "BlobStorage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",`,
      `    "Cosmos": "AccountEndpoint=https://localhost:8081/;AccountKey=${cosmosEmulator};",`,
      '    "ServiceBus": "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;"',
      '  }',
      '}',
    ].join('\n');
    expect(scan({ path: 'src/Ledger.Functions/local.settings.json', text: localSettings }).cloud).toEqual([]);

    const compose = [
      'services:',
      '  azurite:',
      '    image: mcr.microsoft.com/azure-storage/azurite',
      '    ports: ["10000:10000", "10001:10001", "10002:10002"]',
      '  api:',
      '    build: .',
      '    environment:',
      `      AZURE_STORAGE_ACCOUNT_KEY: "${azurite}"`,
      '      AZURE_STORAGE_ACCOUNT: devstoreaccount1',
      `      COSMOS_KEY: ${cosmosEmulator}`,
    ].join('\n');
    expect(scan({ path: 'docker-compose.yml', text: compose }).cloud).toEqual([]);
  });

  it('a CI deploy script with cloud credentials pasted in', () => {
    const text = [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '',
      '# TODO move these to the CI secret store',
      `export DIGITALOCEAN_ACCESS_TOKEN=dop_v1_${f.chars('hex', 64)}`,
      `export CLOUDFLARE_API_TOKEN=${f.chars('aA0', 40)}`,
      `export HEROKU_API_KEY=${uuid()}`,
      `export AZURE_DEVOPS_EXT_PAT=${f.chars('a', 40)}${'234567'.repeat(2)}`,
      'export AZURE_CLIENT_ID="$ARM_CLIENT_ID"',
      'export AZURE_CLIENT_SECRET="$ARM_CLIENT_SECRET"',
      'export CLOUDFLARE_ZONE_ID="$CF_ZONE"',
      '',
      `docker login ledgerprod.azurecr.io -u ledgerprod -p ${f.chars('b64', 32)}`,
      'docker push ledgerprod.azurecr.io/ledger-api:"$GIT_SHA"',
      `curl -fsS "https://ledger-fn.azurewebsites.net/api/warmup?code=${f.chars('b64url', 54)}=="`,
      'gcloud auth activate-service-account --key-file="$GOOGLE_APPLICATION_CREDENTIALS"',
    ].join('\n');
    const { cloud, overlaps: clashes } = scan({ path: 'scripts/deploy.sh', text });
    expect(cloud).toEqual([
      ['digitalocean-personal-access-token', 5],
      ['cloudflare-api-token', 6],
      ['heroku-api-key', 7],
      ['azure-devops-pat', 8],
      ['azure-container-registry-password', 13],
      ['azure-function-key', 15],
    ]);
    expect(clashes).toEqual([]);
  });

  it('a kubeconfig: the user token and (for the keys family) the client key', () => {
    const clientKey = Buffer.from(f.pem('RSA PRIVATE KEY', 25) + '\n').toString('base64');
    const caData = Buffer.from(f.pem('CERTIFICATE', 18) + '\n').toString('base64');
    const text = [
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${caData}`,
      '    server: https://k8s.ledger.internal:6443',
      '  name: ledger',
      'contexts:',
      '- context:',
      '    cluster: ledger',
      '    namespace: payments',
      '    user: deployer',
      '  name: ledger',
      'current-context: ledger',
      'kind: Config',
      'preferences: {}',
      'users:',
      '- name: deployer',
      '  user:',
      `    token: ${f.chars('a0', 6)}.${f.chars('a0', 16)}`,
      '- name: admin',
      '  user:',
      `    client-key-data: ${clientKey}`,
      '',
    ].join('\n');
    const { findings, cloud, overlaps: clashes } = scan({ path: '.kube/config', text });
    expect(cloud).toEqual([['kubernetes-kubeconfig-token', 19]]);
    expect(findings.filter((x) => x.kind === 'private-key').map((x) => x.startLine)).toEqual([22]);
    expect(clashes).toEqual([]);
  });

  it('ordinary cloud code and configuration: no findings', () => {
    const terraform = [
      'provider "google" {',
      '  project     = var.project_id',
      '  credentials = file(var.credentials_path)',
      '}',
      '',
      'provider "azurerm" {',
      '  features {}',
      '  client_secret = var.client_secret',
      '}',
      '',
      'resource "google_service_account" "exporter" {',
      '  account_id   = "exporter"',
      '  display_name = "Ledger exporter"',
      '}',
      '',
      'resource "azurerm_storage_account" "docs" {',
      '  name                     = "ledgerdocs"',
      '  account_tier             = "Standard"',
      '  account_replication_type = "GRS"',
      '}',
      '',
      'output "storage_key" {',
      '  value     = azurerm_storage_account.docs.primary_access_key',
      '  sensitive = true',
      '}',
    ].join('\n');
    expect(scan({ path: 'infra/main.tf', text: terraform }).cloud).toEqual([]);

    const source = [
      "import { BlobServiceClient } from '@azure/storage-blob';",
      "import { DefaultAzureCredential } from '@azure/identity';",
      "import { Storage } from '@google-cloud/storage';",
      '',
      'const account = process.env.AZURE_STORAGE_ACCOUNT ?? "ledgerdocs";',
      'const accountKey = process.env.AZURE_STORAGE_KEY;',
      'const conn = `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${accountKey};EndpointSuffix=core.windows.net`;',
      'const blobs = accountKey ? BlobServiceClient.fromConnectionString(conn)',
      '  : new BlobServiceClient(`https://${account}.blob.core.windows.net`, new DefaultAzureCredential());',
      'const gcs = new Storage({ keyFilename: process.env.GOOGLE_APPLICATION_CREDENTIALS });',
      '// SAS URLs look like https://x.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=<signature>',
      'const sasUrl = `${base}?sv=2022-11-02&sr=b&sp=r&se=${expiry}&sig=${encodeURIComponent(signature)}`;',
      "const headers = { 'Ocp-Apim-Subscription-Key': config.visionKey, 'x-functions-key': config.functionKey };",
      "const privateKeyId = json['private_key_id'];",
      'export { blobs, gcs, sasUrl, headers, privateKeyId };',
    ].join('\n');
    expect(scan({ path: 'src/storage.ts', text: source }).cloud).toEqual([]);
  });
});

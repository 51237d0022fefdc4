/**
 * Cloud providers other than AWS: Google Cloud / Firebase, Azure (storage, messaging, Cosmos DB, Entra
 * ID, DevOps, identifiable keys), Alibaba, Tencent, IBM, Oracle, DigitalOcean, Heroku, Cloudflare,
 * Linode/Akamai, Vultr, Scaleway, Fastly, Backblaze, and Kubernetes kubeconfig user tokens (a
 * kubeconfig's client-key-data, base64 of a PEM key, is the keys family's private-key-base64-encoded).
 *
 * Formats with a fixed prefix or signature need nothing else; bare hex, base64 or UUID values are
 * anchored on the name they are written under (or on the connection string they sit in).
 */
import type { Fake, Rule } from '../rule.js';
import { isVaried, shannonEntropy } from '../validators.js';
import { escapedNewlines, isRandomUuid, UUID, uuid } from './patterns.js';

/** `name = value`, `name: "value"`, `"name": "value"`, `name => 'value'`, `name := value`, `key="name" value="..."`. */
const ASSIGN = String.raw`["']?[ \t]{0,4}(?:[:=]|=>|:=|value=)[ \t]{0,4}["']?`;
/** As ASSIGN, or a command-line flag followed by its value (`--account-key KEY`). */
const ASSIGN_OR_ARG = String.raw`(?:${ASSIGN}|["']?[ \t]{1,4}["']?)`;
/** Not glued to a preceding token character. */
const START = '(?<![A-Za-z0-9])';
const END = '(?![A-Za-z0-9])';
const START_B64 = '(?<![A-Za-z0-9+/])';
const END_B64 = '(?![A-Za-z0-9+/=])';
const START_B64URL = '(?<![A-Za-z0-9_-])';
const END_B64URL = '(?![A-Za-z0-9_-])';
/** A 64-byte key in base64 (Azure storage account and Cosmos DB keys). */
const B64_64_BYTES = '[A-Za-z0-9+/]{86}==';
/** A 32-byte key in base64 (Azure Service Bus, Event Hubs, IoT Hub, SignalR keys). */
const B64_32_BYTES = '[A-Za-z0-9+/]{43}=';
/** `Name=value;` fields of an Azure connection string, a few of them, between the anchor and the key. */
const CS_FIELDS = (max: number) => String.raw`(?:[A-Za-z]{1,40}=[^;\s"'<>]{0,256};){0,${max}}?`;

/**
 * Keys that are published on purpose and grant nothing outside a developer's machine: the Azurite /
 * storage emulator account key (devstoreaccount1), the Cosmos DB emulator key, and the client secret
 * of Akamai's .edgerc documentation. Microsoft and Akamai document them, every tutorial copies them,
 * and reporting them would teach users to ignore the tool. They are kept split here so that this file
 * itself holds no whole key-shaped literal.
 */
const PUBLISHED_DEV_KEYS: ReadonlySet<string> = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/' + 'K1SZFPTOtr/KBHBeksoGMGw==',
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/' + 'Jw==',
  'C113nt53KR3TN6N90yVuAgICx' + 'IRwsObLi0E67/N8eRN=',
]);

function notPublished(secret: string): boolean {
  return !PUBLISHED_DEV_KEYS.has(secret);
}

/** Random-looking: enough entropy and not a run or a sequence. */
function random(minEntropy: number): (secret: string) => boolean {
  return (secret) => shannonEntropy(secret) >= minEntropy && isVaried(secret);
}

/** Upper, lower case and digits all present (prefixed tokens whose body is base62/base64url). */
function isMixedCase(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);
}

/** An Azure SAS `sig`: URL-encoded (or not) base64 of an HMAC-SHA256, 44 characters once decoded. */
function isSasSignature(sig: string): boolean {
  let raw: string;
  try {
    raw = decodeURIComponent(sig);
  } catch {
    return false;
  }
  return /^[A-Za-z0-9+/]{43}=$/.test(raw) && isVaried(raw);
}

// ---- sample helpers (test time only) ----

/** Lower-case base32 (a-z, 2-7), the alphabet of classic Azure DevOps PATs. */
function base32(f: Fake, length: number): string {
  const map: Record<string, string> = { '0': '2', '1': '3', '8': '4', '9': '5' };
  return f.chars('a0', length).replace(/[0189]/g, (c) => map[c]!);
}

const key64 = (f: Fake) => f.chars('b64', 86) + '==';
const key32 = (f: Fake) => f.chars('b64', 43) + '=';

/** A GCP service-account key file as `gcloud iam service-accounts keys create` writes it. */
function serviceAccountJson(f: Fake, keyId: string, type = 'service_account'): string {
  const pem = escapedNewlines(f.pem('PRIVATE KEY', 26));
  return [
    '{',
    `  "type": "${type}",`,
    '  "project_id": "billing-prod-4821",',
    `  "private_key_id": "${keyId}",`,
    `  "private_key": "${pem}",`,
    '  "client_email": "deployer@billing-prod-4821.iam.gserviceaccount.com",',
    `  "client_id": "1${f.chars('0', 20)}",`,
    '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
    '  "token_uri": "https://oauth2.googleapis.com/token",',
    '  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",',
    '  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/deployer%40billing-prod-4821.iam.gserviceaccount.com",',
    '  "universe_domain": "googleapis.com"',
    '}',
  ].join('\n');
}

function kubeconfig(userBlock: string): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${f64(1200)}`,
    '    server: https://10.0.0.1:6443',
    '  name: prod',
    'contexts:',
    '- context:',
    '    cluster: prod',
    '    user: ci-deployer',
    '  name: prod',
    'current-context: prod',
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: ci-deployer',
    '  user:',
    userBlock,
  ].join('\n');
}

/** A CA certificate blob (public): deterministic filler, it never matters to a rule. */
function f64(length: number): string {
  return Buffer.from('-----BEGIN CERTIFICATE-----\n' + 'MIIC'.repeat(length / 4) + '\n-----END CERTIFICATE-----\n').toString('base64');
}

// ---- names ----

const QUOTE = String.raw`(?:\\{0,3}["'])?`;
const GCP_TYPE_SA = String.raw`${QUOTE}type${QUOTE}\s{0,4}[:=]\s{0,4}${QUOTE}service_account${QUOTE}`;

const STORAGE_KEY_NAME = String.raw`(?:storage|account)(?:[_-]?account)?(?:[_-]?access)?[_-]?key`;
const COSMOS_KEY_NAME = String.raw`cosmos(?:[_-]?db)?[_-]?(?:account[_-]?|primary[_-]?|master[_-]?|auth[_-]?)?key`;
const ADO_NAME = String.raw`${START}(?:azure[_-]?devops|azdo|ado|vsts)[_-]?(?:ext[_-]?)?(?:pat|token|personal[_-]?access[_-]?token)`;
const ACR_NAME = String.raw`${START}(?:acr|azure[_-]?container[_-]?registry|azurecr)[_-]?(?:admin[_-]?)?(?:password|passwd|pwd|token|secret)`;

export const CLOUD_RULES: readonly Rule[] = [
  // ---------------------------------------------------------------- Google Cloud / Firebase
  {
    id: 'gcp-service-account-key',
    title: 'Google Cloud service account key file',
    kind: 'cloud-credential',
    keywords: ['service_account', 'private_key_id'],
    // The key file's private_key_id marks the credential; its "private_key" PEM is the keys family's
    // finding (a different span), so one key file yields one cloud finding and one private-key finding.
    // "type": "service_account" may come before (gcloud's order) or after (sorted keys) the id.
    pattern: new RegExp(
      String.raw`${QUOTE}private_key_id${QUOTE}\s{0,4}[:=]\s{0,4}${QUOTE}(?<secret>[0-9a-f]{40})(?![0-9A-Za-z])` +
        String.raw`(?:(?<=${GCP_TYPE_SA}[\s\S]{0,8000})|(?=[\s\S]{0,8000}?${GCP_TYPE_SA}))`,
    ),
    multiline: true,
    validate: random(3),
    samples: {
      matches: (f) => [
        { path: 'deploy/billing-prod-4821-8f2a1c.json', text: serviceAccountJson(f, f.chars('hex', 40)) },
        // sorted keys (jq -S, Terraform outputs): the type comes last
        `{"client_email": "ci@p.iam.gserviceaccount.com", "private_key": "", "private_key_id": "${f.chars('hex', 40)}", "project_id": "p", "type": "service_account"}`,
        // JSON inside an environment variable, quotes escaped
        `GOOGLE_CREDENTIALS="{\\"type\\": \\"service_account\\", \\"project_id\\": \\"p\\", \\"private_key_id\\": \\"${f.chars('hex', 40)}\\"}"`,
        // the same key file written as YAML (Helm values, Ansible vars)
        `gcp:\n  type: service_account\n  project_id: billing-prod\n  private_key_id: ${f.chars('hex', 40)}\n`,
      ],
      ignores: (f) => [
        serviceAccountJson(f, '<your-private-key-id>'),
        serviceAccountJson(f, f.chars('hex', 40), 'external_account'),
        `"private_key_id": "${f.chars('hex', 40)}"`,
        `{"type": "service_account", "private_key_id": "${f.chars('hex', 32)}"}`,
        `{"type": "service_account", "private_key_id": "${'0'.repeat(40)}"}`,
      ],
    },
  },
  {
    id: 'google-api-key',
    title: 'Google API key',
    // Often a browser key restricted to referrers, but unrestricted keys are common and billable.
    kind: 'api-key',
    keywords: ['aiza'],
    pattern: new RegExp(String.raw`${START_B64URL}AIza[0-9A-Za-z_-]{35}${END_B64URL}`),
    samples: {
      matches: (f) => [
        `const firebaseConfig = {\n  apiKey: "AIza${f.chars('b64url', 35)}",\n  authDomain: "shop-7c1d2.firebaseapp.com",\n};`,
        `GOOGLE_MAPS_API_KEY=AIza${f.chars('b64url', 35)}`,
        `<script src="https://maps.googleapis.com/maps/api/js?key=AIza${f.chars('b64url', 35)}&callback=initMap"></script>`,
        { path: 'android/app/google-services.json', text: `{"api_key": [{"current_key": "AIza${f.chars('b64url', 35)}"}]}` },
      ],
      ignores: (f) => [
        `apiKey: "AIza${f.chars('b64url', 30)}"`,
        `apiKey: "AIza${f.chars('b64url', 36)}"`,
        `token = xAIza${f.chars('b64url', 35)}`,
        'apiKey: "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
        'apiKey: "<AIza your key>"',
      ],
    },
  },
  {
    id: 'google-oauth-client-secret',
    title: 'Google OAuth client secret',
    kind: 'oauth-token',
    keywords: ['gocspx-'],
    pattern: new RegExp(String.raw`${START_B64URL}GOCSPX-[A-Za-z0-9_-]{28}${END_B64URL}`),
    validate: random(3.5),
    samples: {
      matches: (f) => [
        `GOOGLE_CLIENT_SECRET=GOCSPX-${f.chars('b64url', 28)}`,
        `{"web": {"client_id": "1234-abc.apps.googleusercontent.com", "client_secret": "GOCSPX-${f.chars('b64url', 28)}"}}`,
        `  clientSecret: 'GOCSPX-${f.chars('b64url', 28)}',`,
      ],
      ignores: (f) => [
        `GOOGLE_CLIENT_SECRET=GOCSPX-${f.chars('b64url', 20)}`,
        'GOOGLE_CLIENT_SECRET=GOCSPX-<your-client-secret>',
        `GOOGLE_CLIENT_SECRET=GOCSPX-${'a'.repeat(28)}`,
      ],
    },
  },
  {
    id: 'google-oauth-access-token',
    title: 'Google OAuth access token',
    kind: 'oauth-token',
    keywords: ['ya29.'],
    pattern: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_-][A-Za-z0-9_.-]{38,2046}[A-Za-z0-9_-](?![A-Za-z0-9_-])/,
    validate: (t) => isMixedCase(t.slice(5)) && shannonEntropy(t) >= 4,
    samples: {
      matches: (f) => [
        `curl -H "Authorization: Bearer ya29.a0${f.chars('b64url', 180)}" https://www.googleapis.com/drive/v3/files`,
        `{"access_token": "ya29.c.${f.chars('b64url', 60)}.${f.chars('b64url', 90)}", "expires_in": 3599}`,
        `GCP_ACCESS_TOKEN=ya29.${f.chars('b64url', 120)}`,
      ],
      ignores: (f) => [
        'Tokens look like ya29.xxxxx and expire after an hour.',
        `token = "ya29.${f.chars('b64url', 20)}"`,
        `token = "ya29.${'a'.repeat(100)}"`,
      ],
    },
  },
  {
    id: 'google-oauth-refresh-token',
    title: 'Google OAuth refresh token',
    kind: 'oauth-token',
    keywords: ['1//0'],
    pattern: /(?<![A-Za-z0-9_/:.-])1\/\/0[A-Za-z0-9_-]{40,512}(?![A-Za-z0-9_-])/,
    validate: (t) => isMixedCase(t.slice(4)) && shannonEntropy(t) >= 4,
    samples: {
      matches: (f) => [
        `{"client_id": "1093844-desktop.apps.googleusercontent.com", "refresh_token": "1//0${f.chars('b64url', 99)}", "type": "authorized_user"}`,
        `GOOGLE_REFRESH_TOKEN=1//0${f.chars('b64url', 99)}`,
        `refresh_token: '1//0${f.chars('b64url', 60)}'`,
      ],
      ignores: (f) => [
        'print(1//0)',
        `GOOGLE_REFRESH_TOKEN=1//0${f.chars('b64url', 20)}`,
        `see https://host/x1//0${f.chars('b64url', 60)}`,
        `refresh_token = "1//0${'ab'.repeat(40)}"`,
      ],
    },
  },
  {
    id: 'firebase-cloud-messaging-server-key',
    title: 'Firebase Cloud Messaging legacy server key',
    kind: 'api-key',
    keywords: [':apa91b'],
    pattern: new RegExp(String.raw`${START_B64URL}AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}${END_B64URL}`),
    samples: {
      matches: (f) => [
        `FCM_SERVER_KEY=AAAA${f.chars('b64url', 7)}:APA91b${f.chars('b64url', 134)}`,
        `headers: { Authorization: 'key=AAAA${f.chars('b64url', 7)}:APA91b${f.chars('b64url', 134)}' }`,
      ],
      ignores: (f) => [
        // a device registration token: same :APA91b marker, but a 22-character instance id before it
        `registration_ids: ["${f.chars('b64url', 22)}:APA91b${f.chars('b64url', 134)}"]`,
        `FCM_SERVER_KEY=AAAA${f.chars('b64url', 7)}:APA91b${f.chars('b64url', 60)}`,
      ],
    },
  },

  // ---------------------------------------------------------------- Azure: connection strings and keys
  // Order matters: where two rules find the same span, the first listed keeps it. Cosmos DB and the
  // full storage connection string come before the bare storage account key rule.
  {
    id: 'azure-cosmosdb-key',
    title: 'Azure Cosmos DB account key',
    kind: 'database-credential',
    keywords: ['accountendpoint=', 'cosmos'],
    pattern: new RegExp(
      String.raw`(?:AccountEndpoint=https?://[A-Za-z0-9.-]{1,253}(?::\d{1,5})?/?;${CS_FIELDS(3)}AccountKey=|${COSMOS_KEY_NAME}${ASSIGN})` +
        String.raw`(?<secret>${B64_64_BYTES})${END_B64}`,
      'i',
    ),
    validate: notPublished,
    samples: {
      matches: (f) => [
        `"CosmosDb": "AccountEndpoint=https://orders-db.documents.azure.com:443/;AccountKey=${key64(f)};"`,
        `COSMOS_KEY=${key64(f)}`,
        `cosmos_primary_key = "${key64(f)}"`,
      ],
      ignores: (f) => [
        // the Cosmos DB emulator's published key
        'AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/' +
          'Jw==',
        'AccountEndpoint=https://orders-db.documents.azure.com:443/;AccountKey=${COSMOS_KEY};',
        `COSMOS_KEY=${f.chars('b64', 40)}`,
        `COSMOS_ENDPOINT=https://orders-db.documents.azure.com:443/`,
      ],
    },
  },
  {
    id: 'azure-storage-connection-string',
    title: 'Azure Storage connection string',
    kind: 'cloud-credential',
    keywords: ['defaultendpointsprotocol'],
    pattern: new RegExp(
      String.raw`DefaultEndpointsProtocol=https?;${CS_FIELDS(5)}AccountKey=(?<secret>${B64_64_BYTES})${END_B64}`,
      'i',
    ),
    validate: notPublished,
    samples: {
      matches: (f) => [
        `"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=ordersfn;AccountKey=${key64(f)};EndpointSuffix=core.windows.net"`,
        `AZURE_STORAGE_CONNECTION_STRING='DefaultEndpointsProtocol=https;AccountName=media01;AccountKey=${key64(f)}'`,
        `conn = "DefaultEndpointsProtocol=https;BlobEndpoint=https://media01.blob.core.windows.net/;AccountName=media01;AccountKey=${key64(f)}"`,
      ],
      ignores: (f) => [
        '"AzureWebJobsStorage": "UseDevelopmentStorage=true"',
        // Azurite's published development account key
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/' +
          'K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
        'DefaultEndpointsProtocol=https;AccountName=media01;AccountKey=<storage-account-key>;EndpointSuffix=core.windows.net',
        `DefaultEndpointsProtocol=https;AccountName=media01;AccountKey=${f.chars('b64', 40)}==`,
        // Application Insights connection strings carry an instrumentation key, which is not a secret
        `APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=${uuid(f)};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/`,
      ],
    },
  },
  {
    id: 'azure-storage-account-key',
    title: 'Azure Storage account key',
    kind: 'cloud-credential',
    keywords: ['accountkey', 'account_key', 'account-key', 'storagekey', 'storage_key', 'storage-key', 'accesskey', 'access_key', 'access-key'],
    pattern: new RegExp(String.raw`${STORAGE_KEY_NAME}${ASSIGN_OR_ARG}(?<secret>${B64_64_BYTES})${END_B64}`, 'i'),
    validate: notPublished,
    samples: {
      matches: (f) => [
        `AZURE_STORAGE_KEY=${key64(f)}`,
        `export AZURE_STORAGE_ACCOUNT_KEY="${key64(f)}"`,
        `az storage blob upload --account-name media01 --account-key ${key64(f)} -c assets -f logo.png`,
        `storage_account_access_key = "${key64(f)}"`,
        `<add key="StorageAccountKey" value="${key64(f)}" />`,
        `BlobEndpoint=https://media01.blob.core.windows.net/;AccountName=media01;AccountKey=${key64(f)}`,
      ],
      ignores: (f) => [
        'AZURE_STORAGE_KEY=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/' + 'K1SZFPTOtr/KBHBeksoGMGw==',
        'AZURE_STORAGE_KEY=${{ secrets.AZURE_STORAGE_KEY }}',
        `AZURE_STORAGE_KEY=${f.chars('b64', 64)}`,
        `storage_key = ${f.chars('b64', 86)}==x`,
        `storage_key = "${f.chars('b64', 90)}=="`,
      ],
    },
  },
  {
    id: 'azure-storage-sas-token',
    title: 'Azure shared access signature (SAS) token',
    kind: 'cloud-credential',
    keywords: ['sv=20'],
    pattern: /(?<![A-Za-z0-9])sv=20\d{2}-\d{2}-\d{2}&[^\s"'<>#]{0,600}?(?<=[?&;])sig=(?<secret>[A-Za-z0-9%+/]{43,130}={0,2})(?![A-Za-z0-9%+/=])/,
    validate: isSasSignature,
    samples: {
      matches: (f) => [
        `https://media01.blob.core.windows.net/assets/report.pdf?sp=r&st=2025-03-01T09:00:00Z&se=2026-03-01T17:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${encodeURIComponent(key32(f))}`,
        `SAS_TOKEN="?sv=2021-06-08&ss=bfqt&srt=sco&sp=rwdlacupitfx&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(key32(f))}"`,
        `"SharedAccessSignature": "sv=2020-08-04&ss=b&srt=co&sp=rl&se=2030-01-01&sig=${key32(f)}"`,
      ],
      ignores: (f) => [
        'https://media01.blob.core.windows.net/assets?sv=2022-11-02&sr=b&sig=<signature>',
        `?sv=2022-11-02&sr=b&sig=${encodeURIComponent(f.chars('b64', 20))}`,
        `?api-version=2020-08-04&sig=${encodeURIComponent(key32(f))}`,
        `?sv=2022-11-02&sr=b&signature=${encodeURIComponent(key32(f))}`,
      ],
    },
  },
  {
    id: 'azure-service-bus-connection-string',
    title: 'Azure Service Bus / Event Hubs connection string',
    kind: 'cloud-credential',
    keywords: ['endpoint=sb://'],
    pattern: new RegExp(
      String.raw`Endpoint=sb://[A-Za-z0-9.-]{1,253}(?::\d{1,5})?/?;${CS_FIELDS(4)}SharedAccessKey=(?<secret>${B64_32_BYTES})${END_B64}`,
      'i',
    ),
    samples: {
      matches: (f) => [
        `"ServiceBus": "Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key32(f)}"`,
        `EVENTHUB_CONNECTION_STRING=Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${key32(f)};EntityPath=clicks`,
      ],
      ignores: (f) => [
        // the Event Hubs / Service Bus emulator's documented connection string
        'Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
        'Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${SB_KEY}',
        `Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${f.chars('b64', 20)}=`,
      ],
    },
  },
  {
    id: 'azure-iot-hub-connection-string',
    title: 'Azure IoT Hub connection string',
    kind: 'cloud-credential',
    keywords: ['azure-devices'],
    pattern: new RegExp(
      String.raw`HostName=[A-Za-z0-9-]{1,63}\.azure-devices(?:-provisioning)?\.net;${CS_FIELDS(4)}SharedAccessKey=(?<secret>${B64_32_BYTES})${END_B64}`,
      'i',
    ),
    samples: {
      matches: (f) => [
        `IOTHUB_CONNECTION_STRING="HostName=plant-7.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${key32(f)}"`,
        `device_conn = "HostName=plant-7.azure-devices.net;DeviceId=press-04;SharedAccessKey=${key32(f)}"`,
      ],
      ignores: (f) => [
        'HostName=plant-7.azure-devices.net;DeviceId=press-04;SharedAccessKey=<device-key>',
        `HostName=plant-7.azure-devices.net;DeviceId=press-04;x509=true`,
        `HostName=plant-7.example.net;DeviceId=press-04;SharedAccessKey=${key32(f)}`,
      ],
    },
  },
  {
    id: 'azure-signalr-connection-string',
    title: 'Azure SignalR / Web PubSub connection string',
    kind: 'cloud-credential',
    keywords: ['signalr.net', 'webpubsub.azure.com'],
    pattern: new RegExp(
      String.raw`Endpoint=https?://[A-Za-z0-9-]{1,63}\.(?:service\.signalr\.net|webpubsub\.azure\.com)(?::\d{1,5})?/?;${CS_FIELDS(3)}AccessKey=(?<secret>${B64_32_BYTES})${END_B64}`,
      'i',
    ),
    samples: {
      matches: (f) => [
        `"Azure:SignalR:ConnectionString": "Endpoint=https://chat-prod.service.signalr.net;AccessKey=${key32(f)};Version=1.0;"`,
        `WEBPUBSUB_CONNECTION_STRING=Endpoint=https://notify.webpubsub.azure.com;AccessKey=${key32(f)};Version=1.0;`,
      ],
      ignores: (f) => [
        'Endpoint=https://chat-prod.service.signalr.net;AuthType=azure.msi;Version=1.0;',
        'Endpoint=https://chat-prod.service.signalr.net;AccessKey=<access-key>;Version=1.0;',
        `Endpoint=https://chat-prod.service.signalr.net;AccessKey=${f.chars('b64', 30)};Version=1.0;`,
      ],
    },
  },
  {
    id: 'azure-app-configuration-connection-string',
    title: 'Azure App Configuration connection string',
    kind: 'cloud-credential',
    keywords: ['azconfig.io'],
    pattern: new RegExp(
      String.raw`Endpoint=https://[A-Za-z0-9-]{1,63}\.azconfig\.io/?;${CS_FIELDS(3)}Secret=(?<secret>[A-Za-z0-9+/]{40,100}={0,2})${END_B64}`,
      'i',
    ),
    validate: random(4),
    samples: {
      matches: (f) => [
        `AZURE_APPCONFIG_CONNECTION_STRING="Endpoint=https://settings-prod.azconfig.io;Id=${f.chars('aA0', 4)}-l0-s0:${f.chars('aA0', 20)};Secret=${key32(f)}"`,
        `"AppConfig": "Endpoint=https://settings-prod.azconfig.io;Id=abcd-l0-s0:xyz;Secret=${f.chars('b64', 60)}"`,
      ],
      ignores: (f) => [
        'Endpoint=https://settings-prod.azconfig.io;Id=abcd;Secret=<secret>',
        `Endpoint=https://settings-prod.azconfig.io;Id=abcd;Secret=${f.chars('b64', 20)}`,
      ],
    },
  },
  {
    id: 'azure-cache-for-redis-key',
    title: 'Azure Cache for Redis access key',
    kind: 'database-credential',
    keywords: ['redis.cache.windows.net', 'redis.azure.net'],
    pattern: new RegExp(
      String.raw`[A-Za-z0-9-]{1,63}\.(?:redis\.cache\.windows\.net|[a-z0-9]{1,30}\.redis\.azure\.net)(?::\d{1,5})?,(?:[A-Za-z]{1,40}=[^,\s"'<>]{0,256},){0,6}?password=(?<secret>${B64_32_BYTES})${END_B64}`,
      'i',
    ),
    samples: {
      matches: (f) => [
        `"Redis": "sessions.redis.cache.windows.net:6380,password=${key32(f)},ssl=True,abortConnect=False"`,
        `REDIS_CONNECTION=cart.redis.cache.windows.net:6380,ssl=True,password=${key32(f)}`,
      ],
      ignores: (f) => [
        'sessions.redis.cache.windows.net:6380,password=<access-key>,ssl=True',
        `sessions.redis.cache.windows.net:6380,password=${f.chars('b64', 20)},ssl=True`,
        `localhost:6379,password=${key32(f)}`,
      ],
    },
  },

  // ---------------------------------------------------------------- Azure: Entra ID, DevOps, ACR, Functions, AI
  {
    id: 'azure-ad-client-secret',
    title: 'Microsoft Entra ID (Azure AD) client secret',
    kind: 'oauth-token',
    // `xxx8Q~...`: 3 characters, a version digit, `Q~`, then 31-34 characters.
    keywords: ['0q~', '1q~', '2q~', '3q~', '4q~', '5q~', '6q~', '7q~', '8q~', '9q~'],
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    validate: random(3.5),
    samples: {
      matches: (f) => [
        `AZURE_CLIENT_SECRET=${f.chars('aA0', 3)}8Q~${f.chars('aA0', 20)}_${f.chars('aA0', 13)}`,
        `"ClientSecret": "${f.chars('aA0', 3)}8Q~${f.chars('b64url', 34)}"`,
        `client_secret = '${f.chars('aA0', 3)}7Q~${f.chars('aA0', 31)}'`,
      ],
      ignores: (f) => [
        `"ClientSecret": "${f.chars('aA0', 3)}8Q~${f.chars('aA0', 20)}"`,
        `"ClientSecret": "abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
        `"ClientSecret": "${f.chars('aA0', 3)}8Q~${f.chars('aA0', 40)}"`,
      ],
    },
  },
  {
    id: 'azure-ad-client-secret-by-name',
    title: 'Microsoft Entra ID (Azure AD) client secret (by name)',
    kind: 'oauth-token',
    keywords: ['azure_client_secret', 'azureclientsecret', 'azure-client-secret', 'arm_client_secret', 'aad_client_secret', 'azure_ad_client_secret', 'entra_client_secret'],
    // Secrets issued before the `Q~` format: 32-44 characters with punctuation.
    pattern: new RegExp(
      String.raw`(?:azure|arm|aad|azure[_-]?ad|entra)[_-]?client[_-]?secret${ASSIGN}(?<secret>[A-Za-z0-9_~.+/=:@?*\[\]-]{32,44})(?![A-Za-z0-9_~.+/=:@?*\[\]-])`,
      'i',
    ),
    minEntropy: 3.8,
    samples: {
      matches: (f) => [
        `AZURE_CLIENT_SECRET=${f.chars('aA0', 10)}[${f.chars('b64', 10)}]:${f.chars('aA0', 10)}@`,
        `export ARM_CLIENT_SECRET="${f.chars('b64', 44)}"`,
      ],
      ignores: (f) => [
        'AZURE_CLIENT_SECRET=${{ secrets.AZURE_CLIENT_SECRET }}',
        `AZURE_CLIENT_SECRET=${f.chars('aA0', 16)}`,
        `ARM_CLIENT_SECRET="${'ab'.repeat(20)}"`,
      ],
    },
  },
  {
    id: 'azure-devops-pat',
    title: 'Azure DevOps personal access token',
    kind: 'cloud-credential',
    keywords: ['azure_devops', 'azure-devops', 'azuredevops', 'azdo', 'vsts', 'ado_', 'ado-', 'adopat', 'adotoken', 'adoext', 'adopersonal'],
    pattern: new RegExp(String.raw`${ADO_NAME}${ASSIGN}(?<secret>[a-z2-7]{52})${END}`, 'i'),
    validate: (s) => /^[a-z2-7]{52}$/.test(s),
    minEntropy: 3.8,
    samples: {
      matches: (f) => [
        `AZURE_DEVOPS_EXT_PAT=${base32(f, 52)}`,
        `  AZDO_PERSONAL_ACCESS_TOKEN: "${base32(f, 52)}"`,
        `$env:ADO_PAT = '${base32(f, 52)}'`,
      ],
      ignores: (f) => [
        'AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)',
        `AZURE_DEVOPS_EXT_PAT=${base32(f, 40)}`,
        `TORNADO_TOKEN=${base32(f, 52)}`,
        `AZURE_DEVOPS_EXT_PAT=${base32(f, 52).toUpperCase()}`,
      ],
    },
  },
  {
    id: 'azure-devops-pat-in-url',
    title: 'Azure DevOps personal access token in a URL',
    kind: 'cloud-credential',
    keywords: ['dev.azure.com', 'visualstudio.com'],
    pattern: /https:\/\/(?:[^\s:@/"'<>]{1,100}:)?(?<secret>[a-z2-7]{52})@(?:(?:ssh\.)?dev\.azure\.com|[A-Za-z0-9-]{1,100}\.visualstudio\.com)/,
    validate: random(3.8),
    samples: {
      matches: (f) => [
        `git remote add origin https://build:${base32(f, 52)}@dev.azure.com/contoso/payments/_git/api`,
        `url = https://${base32(f, 52)}@contoso.visualstudio.com/DefaultCollection/_git/web`,
      ],
      ignores: (f) => [
        'git clone https://contoso@dev.azure.com/contoso/payments/_git/api',
        `https://build:${base32(f, 52)}@github.com/contoso/api.git`,
        `https://build:${base32(f, 30)}@dev.azure.com/contoso/payments/_git/api`,
      ],
    },
  },
  {
    id: 'azure-devops-pat-v2',
    title: 'Azure DevOps personal access token (84-character format)',
    kind: 'cloud-credential',
    keywords: ['jqqj'],
    // 52 random characters, the `JQQJ` common annotated key marker, and the `AZDO` signature at 76-80.
    pattern: new RegExp(String.raw`${START}[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4}${END}`),
    samples: {
      matches: (f) => [
        `AZURE_DEVOPS_EXT_PAT=${f.chars('aA0', 52)}JQQJ99BM${f.chars('A', 16)}AZDO${f.chars('aA0', 4)}`,
        `pat = "${f.chars('aA0', 52)}JQQJ99AL${f.chars('A0', 16)}AZDO${f.chars('aA0', 4)}"`,
      ],
      ignores: (f) => [
        `pat = "${f.chars('aA0', 40)}JQQJ99AL${f.chars('A0', 16)}AZDO${f.chars('aA0', 4)}"`,
        `pat = "${f.chars('aA0', 52)}JQQJ99AL${f.chars('A0', 16)}AZDO${f.chars('aA0', 10)}"`,
      ],
    },
  },
  {
    id: 'azure-common-annotated-key',
    title: 'Microsoft common annotated security key (Azure AI services, Event Grid and other Azure keys)',
    kind: 'cloud-credential',
    keywords: ['jqqj'],
    // The 84-character identifiable format Azure services now issue: `JQQJ` at 52, a provider
    // signature at 76 (ACOG for Azure AI services / OpenAI, AZEG for Event Grid...). AZDO is above.
    pattern: new RegExp(String.raw`${START}[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{28}${END}`),
    samples: {
      matches: (f) => [
        `AZURE_OPENAI_API_KEY=${f.chars('aA0', 52)}JQQJ99BJAC${f.chars('A0', 14)}ACOG${f.chars('aA0', 4)}`,
        `"aeg-sas-key": "${f.chars('aA0', 52)}JQQJ99AL${f.chars('A0', 16)}AZEG${f.chars('aA0', 4)}"`,
      ],
      ignores: (f) => [`key = "${f.chars('aA0', 52)}JQQJ${f.chars('A0', 20)}"`, `key = "${f.chars('aA0', 52)}JQQK${f.chars('A0', 28)}"`],
    },
  },
  {
    id: 'azure-container-registry-password',
    title: 'Azure Container Registry password',
    kind: 'cloud-credential',
    keywords: ['acr_', 'acr-', 'acrpassword', 'acrtoken', 'acradmin', 'acrsecret', 'acrpwd', 'acrpasswd', 'azure_container_registry', 'azure-container-registry', 'azurecontainerregistry', 'azurecr', 'docker login'],
    pattern: new RegExp(
      String.raw`(?:${ACR_NAME}${ASSIGN}|docker[ \t]{1,4}login[ \t](?=[^\n]{0,300}azurecr\.io)[^\n]{0,300}?[ \t](?:-p|--password)[ \t=]{1,3}["']?)` +
        String.raw`(?<secret>[A-Za-z0-9+/=]{32,52})${END_B64}`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `ACR_PASSWORD=${f.chars('b64', 32)}`,
        `docker login contosoprod.azurecr.io -u contosoprod -p ${f.chars('b64', 32)}`,
        `docker login -u contosoprod -p "${f.chars('b64', 40)}" contosoprod.azurecr.io`,
        `  azureContainerRegistryPassword: '${f.chars('b64', 32)}'`,
      ],
      ignores: (f) => [
        'docker login contosoprod.azurecr.io -u contosoprod --password-stdin',
        `docker login ghcr.io -u bot -p ${f.chars('b64', 32)}`,
        'ACR_PASSWORD=$(az acr credential show -n contosoprod --query passwords[0].value -o tsv)',
        `ACR_PASSWORD=${f.chars('b64', 20)}`,
      ],
    },
  },
  {
    id: 'azure-function-key',
    title: 'Azure Functions access key',
    kind: 'cloud-credential',
    keywords: ['x-functions-key', 'azurewebsites.net'],
    pattern: new RegExp(
      String.raw`(?:x-functions-key["']?[ \t]{0,4}[:=,][ \t]{0,4}["']?|\.azurewebsites\.net/api/[^\s"'?#]{0,200}\?(?:[^\s"'#]{0,400}?&)?code=)` +
        String.raw`(?<secret>[A-Za-z0-9_%/+-]{40,100}={0,2})(?![A-Za-z0-9_%/+=-])`,
      'i',
    ),
    validate: (s) => {
      try {
        return random(4)(decodeURIComponent(s));
      } catch {
        return false;
      }
    },
    samples: {
      matches: (f) => [
        `curl "https://orders-fn.azurewebsites.net/api/CreateOrder?code=${encodeURIComponent(f.chars('b64', 54) + '==')}"`,
        `headers: { 'x-functions-key': '${f.chars('b64url', 54)}==' }`,
        `FUNCTION_URL=https://orders-fn.azurewebsites.net/api/sync?clientId=web&code=${f.chars('b64url', 56)}`,
      ],
      ignores: (f) => [
        'https://orders-fn.azurewebsites.net/api/CreateOrder?code=<function-key>',
        `https://orders-fn.azurewebsites.net/api/login?redirect=/home&state=${f.chars('b64url', 56)}`,
        `headers: { 'x-functions-key': process.env.FUNCTION_KEY }`,
      ],
    },
  },
  {
    id: 'azure-openai-api-key',
    title: 'Azure OpenAI API key',
    kind: 'api-key',
    keywords: ['azure_openai', 'azure-openai', 'azureopenai', 'azure_open_ai'],
    pattern: new RegExp(
      String.raw`azure[_-]?open[_-]?ai[_-]?(?:api[_-]?)?key${ASSIGN}(?<secret>[0-9a-f]{32}|[A-Za-z0-9]{84})${END}`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `AZURE_OPENAI_API_KEY=${f.chars('hex', 32)}`,
        `  "AzureOpenAIKey": "${f.chars('hex', 32)}",`,
        `azure_openai_key = '${f.chars('HEX', 32)}'`,
      ],
      ignores: (f) => [
        'AZURE_OPENAI_API_KEY=${AZURE_OPENAI_API_KEY}',
        `AZURE_OPENAI_API_KEY=${f.chars('hex', 24)}`,
        `AZURE_OPENAI_ENDPOINT=https://contoso-ai.openai.azure.com/`,
      ],
    },
  },
  {
    id: 'azure-ai-services-subscription-key',
    title: 'Azure AI services / API Management subscription key',
    kind: 'api-key',
    keywords: ['ocp-apim-subscription-key', 'cognitive', 'speech', 'translator', 'computer_vision', 'computer-vision', 'computervision', 'text_analytics', 'text-analytics', 'textanalytics'],
    pattern: new RegExp(
      String.raw`(?:ocp-apim-subscription-key|(?:azure[_-]?)?cognitive[_-]?services?[_-]?(?:api[_-]?|subscription[_-]?)?key|azure[_-]?(?:speech|translator|computer[_-]?vision|text[_-]?analytics)[_-]?(?:api[_-]?|subscription[_-]?|resource[_-]?)?key|(?:speech|translator)[_-]?(?:subscription|resource)[_-]?key)` +
        String.raw`["']?[ \t]{0,4}(?:[:=,]|=>|:=|value=)[ \t]{0,4}["']?(?<secret>[0-9a-f]{32})${END}`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `curl -H "Ocp-Apim-Subscription-Key: ${f.chars('hex', 32)}" https://westeurope.api.cognitive.microsoft.com/vision/v3.2/analyze`,
        `AZURE_SPEECH_KEY=${f.chars('hex', 32)}`,
        `client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", "${f.chars('hex', 32)}");`,
        `COGNITIVE_SERVICES_KEY: "${f.chars('hex', 32)}"`,
      ],
      ignores: (f) => [
        'Ocp-Apim-Subscription-Key: {{subscriptionKey}}',
        `Ocp-Apim-Subscription-Key: ${f.chars('hex', 20)}`,
        `AZURE_SPEECH_REGION=westeurope`,
        `speech_rate = "${f.chars('hex', 32)}"`,
      ],
    },
  },

  // ---------------------------------------------------------------- Azure: identifiable keys (signature inside the key)
  {
    id: 'azure-storage-identifiable-key',
    title: 'Azure Storage account key (identifiable format)',
    kind: 'cloud-credential',
    keywords: ['+ast'],
    pattern: new RegExp(String.raw`${START_B64}[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==${END_B64}`),
    samples: {
      matches: (f) => [
        `primary = "${f.chars('b64', 76)}+ASt${f.chars('b64', 5)}A=="`,
        `keys:\n  - ${f.chars('b64', 76)}+ASt${f.chars('b64', 5)}w==\n`,
      ],
      ignores: (f) => [`k = "${f.chars('b64', 76)}+ASt${f.chars('b64', 5)}B=="`, `k = "${f.chars('b64', 60)}+ASt${f.chars('b64', 5)}A=="`],
    },
  },
  {
    id: 'azure-cosmosdb-identifiable-key',
    title: 'Azure Cosmos DB key (identifiable format)',
    kind: 'database-credential',
    keywords: ['acdb'],
    pattern: new RegExp(String.raw`${START_B64}[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==${END_B64}`),
    samples: {
      matches: (f) => [`masterKey: "${f.chars('b64', 76)}ACDb${f.chars('b64', 5)}Q=="`, `${f.chars('b64', 76)}ACDb${f.chars('b64', 5)}g==`],
      ignores: (f) => [`masterKey: "${f.chars('b64', 76)}ACDb${f.chars('b64', 5)}Z=="`, `masterKey: "${f.chars('b64', 70)}ACDb"`],
    },
  },
  {
    id: 'azure-messaging-identifiable-key',
    title: 'Azure Service Bus / Event Hubs / Relay / IoT key (identifiable format)',
    kind: 'cloud-credential',
    keywords: ['+asb', '+aeh', '+arm', 'aiot'],
    pattern: new RegExp(String.raw`${START_B64}[A-Za-z0-9+/]{33}(?:\+ASb|\+AEh|\+ARm|AIoT)[A-P][A-Za-z0-9+/]{5}=${END_B64}`),
    samples: {
      matches: (f) => [
        `primaryKey: "${f.chars('b64', 33)}+ASbC${f.chars('b64', 5)}="`,
        `EVENTHUB_KEY=${f.chars('b64', 33)}+AEhP${f.chars('b64', 5)}=`,
        `device_key = '${f.chars('b64', 33)}AIoTA${f.chars('b64', 5)}='`,
      ],
      ignores: (f) => [`k = "${f.chars('b64', 33)}+ASbZ${f.chars('b64', 5)}="`, `k = "${f.chars('b64', 20)}+ASbC${f.chars('b64', 5)}="`],
    },
  },
  {
    id: 'azure-function-identifiable-key',
    title: 'Azure Functions key (identifiable format)',
    kind: 'cloud-credential',
    keywords: ['azfu'],
    pattern: new RegExp(String.raw`${START_B64URL}[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw](?:==|%3D%3D)(?![A-Za-z0-9_%=-])`),
    samples: {
      matches: (f) => [
        `{"keys": [{"name": "default", "value": "${f.chars('b64url', 44)}AzFu${f.chars('b64url', 5)}A=="}]}`,
        `FUNCTIONS_MASTER_KEY=${f.chars('b64url', 44)}AzFu${f.chars('b64url', 5)}g%3D%3D`,
      ],
      ignores: (f) => [`value = "${f.chars('b64url', 44)}AzFu${f.chars('b64url', 5)}B=="`, `value = "${f.chars('b64url', 30)}AzFu${f.chars('b64url', 5)}A=="`],
    },
  },
  {
    id: 'azure-container-registry-identifiable-key',
    title: 'Azure Container Registry password (identifiable format)',
    kind: 'cloud-credential',
    keywords: ['+acr'],
    pattern: new RegExp(String.raw`${START_B64}[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5}${END_B64}`),
    samples: {
      matches: (f) => [
        `registry_password = "${f.chars('b64', 42)}+ACRA${f.chars('b64', 5)}"`,
        `echo ${f.chars('b64', 42)}+ACRD${f.chars('b64', 5)} | docker login contoso.azurecr.io -u puller --password-stdin`,
      ],
      ignores: (f) => [`p = "${f.chars('b64', 42)}+ACRZ${f.chars('b64', 5)}"`, `p = "${f.chars('b64', 42)}+ACRA${f.chars('b64', 9)}"`],
    },
  },

  // ---------------------------------------------------------------- Alibaba, Tencent, IBM, Oracle
  {
    id: 'alibaba-access-key-id',
    title: 'Alibaba Cloud AccessKey ID',
    kind: 'cloud-credential',
    keywords: ['ltai'],
    pattern: new RegExp(String.raw`${START}LTAI[A-Za-z0-9]{12,20}${END}`),
    validate: (s) => isMixedCase(s.slice(4)),
    samples: {
      matches: (f) => [
        `ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI${f.chars('aA0', 20)}`,
        `accessKeyId: 'LTAI${f.chars('aA0', 16)}',`,
        `access_key_id = "LTAI${f.chars('aA0', 12)}"`,
      ],
      ignores: (f) => [`LTAI${f.chars('aA0', 8)}`, `SALTAI${f.chars('aA0', 16)}`, 'ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxx', `LTAI${'a'.repeat(16)}`],
    },
  },
  {
    id: 'alibaba-access-key-secret',
    title: 'Alibaba Cloud AccessKey secret',
    kind: 'cloud-credential',
    keywords: ['access_key_secret', 'accesskeysecret', 'access-key-secret', 'alicloud', 'aliyun', 'alibaba', 'ltai'],
    pattern: new RegExp(
      String.raw`(?:(?:access[_-]?key[_-]?secret|ali(?:cloud|yun|baba[_-]?cloud)[_-]?(?:access[_-]?)?secret(?:[_-]?key)?)${ASSIGN}` +
        String.raw`|LTAI[A-Za-z0-9]{12,20}["']?[ \t]{0,4}[,:;|= \t][ \t]{0,4}["']?)(?<secret>[A-Za-z0-9]{30})${END}`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${f.chars('aA0', 30)}`,
        `accessKeySecret: '${f.chars('aA0', 30)}',`,
        `client = AcsClient("LTAI${f.chars('aA0', 20)}", "${f.chars('aA0', 30)}", "cn-hangzhou")`,
        `alicloud_secret_key = "${f.chars('aA0', 30)}"`,
      ],
      ignores: (f) => [
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIBABA_CLOUD_ACCESS_KEY_SECRET}',
        `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${f.chars('aA0', 24)}`,
        `accessKeySecret: '${'ab'.repeat(15)}'`,
      ],
    },
  },
  {
    id: 'tencent-cloud-secret-id',
    title: 'Tencent Cloud SecretId',
    kind: 'cloud-credential',
    keywords: ['akid'],
    pattern: new RegExp(String.raw`${START}AKID[A-Za-z0-9]{32}${END}`),
    validate: (s) => isMixedCase(s.slice(4)),
    samples: {
      matches: (f) => [`TENCENTCLOUD_SECRET_ID=AKID${f.chars('aA0', 32)}`, `cred = credential.Credential("AKID${f.chars('aA0', 32)}", secret_key)`],
      ignores: (f) => [`AKID${f.chars('aA0', 20)}`, 'TENCENTCLOUD_SECRET_ID=AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', `x${'AKID'}${f.chars('aA0', 32)}`],
    },
  },
  {
    id: 'tencent-cloud-secret-key',
    title: 'Tencent Cloud SecretKey',
    kind: 'cloud-credential',
    keywords: ['tencent', 'qcloud', 'tccli', 'akid'],
    pattern: new RegExp(
      String.raw`(?:(?:tencent(?:[_-]?cloud)?|qcloud|tccli)[_-]?secret[_-]?key${ASSIGN}` +
        String.raw`|AKID[A-Za-z0-9]{32}["']?[ \t]{0,4}[,:;|= \t][ \t]{0,4}["']?)(?<secret>[A-Za-z0-9]{32})${END}`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `TENCENTCLOUD_SECRET_KEY=${f.chars('aA0', 32)}`,
        `cred = credential.Credential("AKID${f.chars('aA0', 32)}", "${f.chars('aA0', 32)}")`,
        `qcloud_secret_key: "${f.chars('aA0', 32)}"`,
      ],
      ignores: (f) => ['TENCENTCLOUD_SECRET_KEY=os.environ["TENCENTCLOUD_SECRET_KEY"]', `TENCENTCLOUD_SECRET_KEY=${f.chars('aA0', 20)}`],
    },
  },
  {
    id: 'ibm-cloud-api-key',
    title: 'IBM Cloud API key',
    kind: 'cloud-credential',
    keywords: ['ibmcloud', 'ibm_cloud', 'ibm-cloud', 'ibm_api', 'ibm-api', 'ibmapi', 'bluemix', 'ic_api_key', 'ic-api-key', 'icapikey'],
    pattern: new RegExp(
      String.raw`${START}(?:ibm[_-]?cloud|ibm|bluemix|ic)[_-]?api[_-]?key${ASSIGN}(?<secret>[A-Za-z0-9_-]{44})${END_B64URL}`,
      'i',
    ),
    minEntropy: 3.8,
    samples: {
      matches: (f) => [
        `IBMCLOUD_API_KEY=${f.chars('b64url', 44)}`,
        `export IC_API_KEY="${f.chars('b64url', 44)}"`,
        `ibm_cloud_api_key: '${f.chars('b64url', 44)}'`,
      ],
      ignores: (f) => [
        `PUBLIC_API_KEY=${f.chars('b64url', 44)}`,
        `IBMCLOUD_API_KEY=${f.chars('b64url', 30)}`,
        'IBMCLOUD_API_KEY=<your IBM Cloud API key>',
      ],
    },
  },
  {
    id: 'oci-auth-token',
    title: 'Oracle Cloud Infrastructure auth token',
    kind: 'cloud-credential',
    keywords: ['oci_auth', 'oci-auth', 'ociauth', 'ocir_', 'ocir-', 'ocirtoken', 'ocirpassword', 'ocirauth'],
    // Auth tokens (OCIR docker login, Swift/S3 compatibility) are 20 printable characters; only quoted
    // values are taken, since the alphabet includes punctuation.
    pattern: new RegExp(
      String.raw`${START}(?:oci[_-]?auth[_-]?token|ocir[_-]?(?:auth[_-]?)?(?:token|password))["']?[ \t]{0,4}(?:[:=]|=>|:=)[ \t]{0,4}(?<q>["'])(?<secret>[^\s"'\`\\]{16,40})\k<q>`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [
        `OCI_AUTH_TOKEN="${f.chars('aA0', 6)}:${f.chars('aA0', 5)}(${f.chars('aA0', 4)};${f.chars('aA0', 3)}"`,
        `ocir_password: '${f.chars('aA0', 8)}]${f.chars('aA0', 11)}'`,
      ],
      ignores: (f) => ['OCI_AUTH_TOKEN="${OCI_AUTH_TOKEN}"', `OCI_AUTH_TOKEN="${f.chars('aA0', 8)}"`, `OCI_AUTH_TOKEN=${f.chars('aA0', 20)}`],
    },
  },

  // ---------------------------------------------------------------- DigitalOcean, Heroku
  {
    id: 'digitalocean-personal-access-token',
    title: 'DigitalOcean personal access token',
    kind: 'cloud-credential',
    keywords: ['dop_v1_'],
    pattern: /(?<![A-Za-z0-9_])dop_v1_[a-f0-9]{64}(?![A-Za-z0-9])/,
    validate: random(3),
    samples: {
      matches: (f) => [`DIGITALOCEAN_ACCESS_TOKEN=dop_v1_${f.chars('hex', 64)}`, `access-token: dop_v1_${f.chars('hex', 64)}`],
      ignores: (f) => [`dop_v1_${f.chars('hex', 40)}`, `DIGITALOCEAN_ACCESS_TOKEN=dop_v1_${'0'.repeat(64)}`, `dop_v1_${f.chars('hex', 64)}ff`],
    },
  },
  {
    id: 'digitalocean-oauth-token',
    title: 'DigitalOcean OAuth access token',
    kind: 'oauth-token',
    keywords: ['doo_v1_'],
    pattern: /(?<![A-Za-z0-9_])doo_v1_[a-f0-9]{64}(?![A-Za-z0-9])/,
    validate: random(3),
    samples: {
      matches: (f) => [`{"access_token": "doo_v1_${f.chars('hex', 64)}", "token_type": "bearer"}`, `DO_OAUTH_TOKEN=doo_v1_${f.chars('hex', 64)}`],
      ignores: (f) => [`doo_v1_${f.chars('hex', 32)}`, `doo_v1_${f.chars('HEX', 64)}`],
    },
  },
  {
    id: 'digitalocean-refresh-token',
    title: 'DigitalOcean OAuth refresh token',
    kind: 'oauth-token',
    keywords: ['dor_v1_'],
    pattern: /(?<![A-Za-z0-9_])dor_v1_[a-f0-9]{64}(?![A-Za-z0-9])/,
    validate: random(3),
    samples: {
      matches: (f) => [`{"refresh_token": "dor_v1_${f.chars('hex', 64)}"}`, `refresh_token: dor_v1_${f.chars('hex', 64)}`],
      ignores: (f) => [`dor_v1_${f.chars('hex', 32)}`, `xdor_v1_${f.chars('hex', 64)}`],
    },
  },
  {
    id: 'heroku-api-key',
    title: 'Heroku API key',
    kind: 'cloud-credential',
    keywords: ['heroku'],
    pattern: new RegExp(String.raw`heroku[_-]?(?:api[_-]?|oauth[_-]?|auth[_-]?|platform[_-]?)?(?:key|token)${ASSIGN}(?<secret>${UUID})${END}`, 'i'),
    validate: isRandomUuid,
    samples: {
      matches: (f) => [
        `HEROKU_API_KEY=${uuid(f)}`,
        `      heroku_api_key: "${uuid(f)}"`,
        `herokuApiToken = '${uuid(f)}'`,
      ],
      ignores: () => [
        // Heroku's documented example UUID
        'HEROKU_API_KEY=01234567-89ab-cdef-0123-456789abcdef',
        'HEROKU_API_KEY=${{ secrets.HEROKU_API_KEY }}',
        'HEROKU_APP_NAME=orders-api-prod',
      ],
    },
  },
  {
    id: 'heroku-platform-token',
    title: 'Heroku platform API token (HRKU- format)',
    kind: 'cloud-credential',
    keywords: ['hrku-'],
    pattern: new RegExp(String.raw`${START_B64URL}HRKU-[A-Za-z0-9_-]{36,80}${END_B64URL}`),
    validate: (s) => random(3.5)(s.slice(5)),
    samples: {
      matches: (f) => [`HEROKU_API_KEY=HRKU-${uuid(f)}`, `token: "HRKU-AA${f.chars('b64url', 58)}"`],
      ignores: (f) => [`HRKU-${f.chars('b64url', 20)}`, 'HEROKU_API_KEY=HRKU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'],
    },
  },

  // ---------------------------------------------------------------- Cloudflare
  {
    id: 'cloudflare-api-token',
    title: 'Cloudflare API token',
    kind: 'cloud-credential',
    keywords: ['cloudflare', 'cf_api', 'cf-api', 'cfapi', 'cf_token', 'cf-token'],
    pattern: new RegExp(String.raw`${START}(?:cloudflare[_-]?(?:api[_-]?)?token|cf[_-](?:api[_-]?)?token|cfApiToken)${ASSIGN}(?<secret>[A-Za-z0-9_-]{40})${END_B64URL}`, 'i'),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`CLOUDFLARE_API_TOKEN=${f.chars('aA0', 40)}`, `  CF_API_TOKEN: "${f.chars('b64url', 40)}"`, `cloudflare_token = '${f.chars('aA0', 40)}'`],
      ignores: (f) => ['CLOUDFLARE_API_TOKEN=${{ secrets.CLOUDFLARE_API_TOKEN }}', `CLOUDFLARE_API_TOKEN=${f.chars('aA0', 32)}`, `CFTOKEN=${f.chars('aA0', 40)}`],
    },
  },
  {
    id: 'cloudflare-global-api-key',
    title: 'Cloudflare global API key',
    kind: 'cloud-credential',
    keywords: ['cloudflare', 'cf_api', 'cf-api', 'cfapi', 'cf_global', 'cf-global', 'cfglobal', 'x-auth-key'],
    pattern: new RegExp(
      String.raw`${START}(?:(?:cloudflare|cf)[_-]?(?:global[_-]?)?api[_-]?key|x-auth-key)${ASSIGN}(?<secret>[0-9a-f]{37,45})${END}`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      matches: (f) => [
        `CF_API_KEY=${f.chars('hex', 37)}`,
        `curl -H "X-Auth-Email: ops@contoso.com" -H "X-Auth-Key: ${f.chars('hex', 37)}" https://api.cloudflare.com/client/v4/zones`,
        `cloudflare_api_key = "${f.chars('hex', 37)}"`,
      ],
      ignores: (f) => [`CF_API_KEY=${f.chars('hex', 32)}`, 'CF_API_KEY=$CF_API_KEY', `CF_API_KEY=${'0'.repeat(37)}`],
    },
  },
  {
    id: 'cloudflare-api-token-prefixed',
    title: 'Cloudflare API token (cfut_/cfat_ format)',
    kind: 'cloud-credential',
    keywords: ['cfut_', 'cfat_'],
    pattern: /(?<![A-Za-z0-9_])cf(?:ut|at)_[A-Za-z0-9]{48}(?![A-Za-z0-9_])/,
    validate: (s) => random(3.5)(s.slice(5)),
    samples: {
      matches: (f) => [`CLOUDFLARE_API_TOKEN=cfut_${f.chars('aA0', 40)}${f.chars('hex', 8)}`, `api_token = "cfat_${f.chars('aA0', 40)}${f.chars('hex', 8)}"`],
      ignores: (f) => [`cfut_${f.chars('aA0', 30)}`, `cfut_${'a'.repeat(48)}`],
    },
  },
  {
    id: 'cloudflare-global-api-key-prefixed',
    title: 'Cloudflare global API key (cfk_ format)',
    kind: 'cloud-credential',
    keywords: ['cfk_'],
    pattern: /(?<![A-Za-z0-9_])cfk_[A-Za-z0-9]{48}(?![A-Za-z0-9_])/,
    validate: (s) => random(3.5)(s.slice(4)),
    samples: {
      matches: (f) => [`CLOUDFLARE_API_KEY=cfk_${f.chars('aA0', 40)}${f.chars('hex', 8)}`, `"apiKey": "cfk_${f.chars('aA0', 40)}${f.chars('hex', 8)}"`],
      ignores: (f) => [`cfk_${f.chars('aA0', 30)}`, `xcfk_${f.chars('aA0', 48)}`],
    },
  },
  {
    id: 'cloudflare-origin-ca-key',
    title: 'Cloudflare Origin CA key',
    kind: 'cloud-credential',
    keywords: ['v1.0-'],
    pattern: /(?<![A-Za-z0-9.])v1\.0-[0-9a-f]{24}-[0-9a-f]{120,200}(?![0-9a-f])/,
    validate: random(3),
    samples: {
      matches: (f) => [`CF_ORIGIN_CA_KEY=v1.0-${f.chars('hex', 24)}-${f.chars('hex', 146)}`, `api_user_service_key = "v1.0-${f.chars('hex', 24)}-${f.chars('hex', 146)}"`],
      ignores: (f) => [`version v1.0-${f.chars('hex', 24)}`, `v1.0-${f.chars('hex', 24)}-${f.chars('hex', 60)}`],
    },
  },

  // ---------------------------------------------------------------- Linode/Akamai, Vultr, Scaleway, Fastly, Backblaze
  {
    id: 'linode-api-token',
    title: 'Linode (Akamai Cloud) API token',
    kind: 'cloud-credential',
    keywords: ['linode'],
    pattern: new RegExp(String.raw`linode[_-]?(?:cli[_-]?|api[_-]?|personal[_-]?access[_-]?)?(?:token|key|pat)${ASSIGN}(?<secret>[0-9a-f]{64})${END}`, 'i'),
    minEntropy: 3,
    samples: {
      matches: (f) => [`LINODE_TOKEN=${f.chars('hex', 64)}`, `linode_api_token: "${f.chars('hex', 64)}"`, `export LINODE_CLI_TOKEN='${f.chars('hex', 64)}'`],
      ignores: (f) => [`LINODE_TOKEN=${f.chars('hex', 40)}`, 'LINODE_TOKEN=${LINODE_TOKEN}', `LINODE_REGION=us-east`],
    },
  },
  {
    id: 'akamai-edgegrid-client-secret',
    title: 'Akamai EdgeGrid client secret',
    kind: 'cloud-credential',
    keywords: ['akamai'],
    pattern: new RegExp(String.raw`akamai[_-]?(?:edgegrid[_-]?)?client[_-]?secret${ASSIGN}(?<secret>${B64_32_BYTES})${END_B64}`, 'i'),
    minEntropy: 3.8,
    validate: notPublished,
    samples: {
      matches: (f) => [`AKAMAI_CLIENT_SECRET=${key32(f)}`, `akamai_client_secret: "${key32(f)}"`],
      ignores: (f) => ['AKAMAI_CLIENT_SECRET=C113nt53KR3TN6N90yVuAgICx' + 'IRwsObLi0E67/N8eRN=', `AKAMAI_CLIENT_SECRET=${f.chars('b64', 30)}`],
    },
  },
  {
    id: 'akamai-edgerc-client-secret',
    title: 'Akamai EdgeGrid client secret (.edgerc)',
    kind: 'cloud-credential',
    keywords: ['client_secret'],
    paths: /(?:^|\/)\.?edgerc$/,
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_])client_secret[ \t]{0,4}[=:][ \t]{0,4}(?<secret>${B64_32_BYTES})${END_B64}`),
    minEntropy: 3.8,
    validate: notPublished,
    samples: {
      matches: (f) => [
        {
          path: '.edgerc',
          text: `[default]\nclient_secret = ${key32(f)}\nhost = akab-${f.chars('a0', 16)}-${f.chars('a0', 16)}.luna.akamaiapis.net\naccess_token = akab-${f.chars('a0', 16)}-${f.chars('a0', 16)}\nclient_token = akab-${f.chars('a0', 16)}-${f.chars('a0', 16)}\n`,
        },
        { path: 'ops/.edgerc', text: `[ccu]\nclient_secret = ${key32(f)}\n` },
      ],
      ignores: (f) => [
        // Akamai's documented example .edgerc
        { path: '.edgerc', text: '[default]\nclient_secret = C113nt53KR3TN6N90yVuAgICx' + 'IRwsObLi0E67/N8eRN=\n' },
        { path: 'config.ini', text: `client_secret = ${key32(f)}\n` },
      ],
    },
  },
  {
    id: 'vultr-api-key',
    title: 'Vultr API key',
    kind: 'cloud-credential',
    keywords: ['vultr'],
    pattern: new RegExp(String.raw`vultr[_-]?(?:api[_-]?)?(?:key|token)${ASSIGN}(?<secret>[A-Z0-9]{36})${END}`, 'i'),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`VULTR_API_KEY=${f.chars('A0', 36)}`, `vultr_api_key: "${f.chars('A0', 36)}"`],
      ignores: (f) => [`VULTR_API_KEY=${f.chars('A0', 20)}`, 'VULTR_API_KEY=${VULTR_API_KEY}', `VULTR_API_KEY=${uuid(f)}`],
    },
  },
  {
    id: 'scaleway-secret-key',
    title: 'Scaleway secret key',
    kind: 'cloud-credential',
    keywords: ['scw_secret', 'scw-secret', 'scwsecret', 'scaleway'],
    pattern: new RegExp(String.raw`(?:scw|scaleway)[_-]?secret[_-]?key${ASSIGN}(?<secret>${UUID})${END}`, 'i'),
    validate: isRandomUuid,
    samples: {
      matches: (f) => [`SCW_SECRET_KEY=${uuid(f)}`, `scaleway_secret_key = "${uuid(f)}"`],
      ignores: (f) => [`SCW_ACCESS_KEY=SCW${f.chars('A0', 17)}`, 'SCW_SECRET_KEY=11111111-1111-1111-1111-111111111111', `SCW_DEFAULT_PROJECT_ID=${uuid(f)}`],
    },
  },
  {
    id: 'fastly-api-token',
    title: 'Fastly API token',
    kind: 'cloud-credential',
    keywords: ['fastly'],
    pattern: new RegExp(String.raw`fastly[_-]?(?:api[_-]?)?(?:key|token)${ASSIGN}(?<secret>[A-Za-z0-9_-]{32})${END_B64URL}`, 'i'),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`FASTLY_API_TOKEN=${f.chars('b64url', 32)}`, `curl -H "Fastly-Key: ${f.chars('aA0', 32)}" https://api.fastly.com/service`],
      ignores: (f) => [`FASTLY_API_TOKEN=${f.chars('b64url', 20)}`, 'FASTLY_API_TOKEN=${{ secrets.FASTLY_API_TOKEN }}', `FASTLY_SERVICE_ID=${f.chars('aA0', 22)}`],
    },
  },
  {
    id: 'backblaze-b2-application-key',
    title: 'Backblaze B2 application key',
    kind: 'cloud-credential',
    keywords: ['b2_app', 'b2-app', 'b2app', 'b2_key', 'b2-key', 'b2key', 'backblaze'],
    pattern: new RegExp(
      String.raw`${START}(?:b2|backblaze(?:[_-]?b2)?)[_-]?(?:app(?:lication)?[_-]?)?key${ASSIGN}(?<secret>K\d{3}[A-Za-z0-9+/]{27})${END_B64}`,
      'i',
    ),
    minEntropy: 3.5,
    samples: {
      matches: (f) => [`B2_APPLICATION_KEY=K004${f.chars('aA0', 27)}`, `b2_app_key: "K001${f.chars('b64', 27)}"`],
      ignores: (f) => [`B2_APPLICATION_KEY_ID=004${f.chars('hex', 22)}`, `B2_APPLICATION_KEY=K004${f.chars('aA0', 10)}`],
    },
  },

  // ---------------------------------------------------------------- Kubernetes
  {
    id: 'kubernetes-kubeconfig-token',
    title: 'Kubernetes kubeconfig user token',
    kind: 'cloud-credential',
    keywords: ['kind: config'],
    // A kubeconfig (`kind: Config`) and, in its users section, a `token:` (service account token,
    // bootstrap token, static token). The first one per kubeconfig is reported.
    pattern: /kind:[ \t]{0,4}["']?Config["']?[ \t]*\r?\n(?:[^\n]{0,32768}\n){0,500}?[ \t]{2,40}token:[ \t]{0,4}["']?(?<secret>[A-Za-z0-9._~+/=-]{16,4096})["']?[ \t]*(?=\r?\n|$)/,
    multiline: true,
    validate: random(3.5),
    samples: {
      matches: (f) => [
        { path: '.kube/config', text: kubeconfig(`    token: ${f.chars('a0', 6)}.${f.chars('a0', 16)}\n`) },
        { path: 'deploy/ci-kubeconfig.yaml', text: kubeconfig(`    token: ${f.chars('b64url', 120)}\n`) },
      ],
      ignores: (f) => [
        kubeconfig('    token: ${K8S_TOKEN}\n'),
        kubeconfig(`    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n`),
        // a token: key outside any kubeconfig
        `kind: ConfigMap\ndata:\n  settings: |\n    token: ${f.chars('b64url', 40)}\n`,
      ],
    },
  },
];

/**
 * What kind of file a finding sits in: its language (which decides how a value is written and read)
 * and the platform that reads it (which decides the mechanism and the idiomatic reference). Decided
 * from the path, refined by the text when it is known.
 */

export type Language =
  | 'typescript'
  | 'javascript'
  | 'python'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'csharp'
  | 'ruby'
  | 'php'
  | 'swift'
  | 'objective-c'
  | 'dart'
  | 'gradle'
  | 'shell'
  | 'powershell'
  | 'terraform'
  | 'yaml'
  | 'json'
  | 'properties'
  | 'dotenv'
  | 'dockerfile'
  | 'npmrc'
  | 'ini'
  | 'toml'
  | 'xml'
  | 'pem'
  | 'text';

export type Platform =
  | 'github-actions'
  | 'kubernetes'
  | 'helm'
  | 'docker-compose'
  | 'cloudformation'
  | 'serverless'
  | 'ecs-task-definition'
  | 'spring'
  | 'dotnet-appsettings'
  | 'maven-settings'
  | 'yarnrc'
  | 'terraform-vars'
  | 'aws-credentials-file'
  | 'gcp-service-account'
  | 'ssh-key-file'
  | 'browser'
  | 'mobile'
  | 'lambda';

export interface FileType {
  readonly language: Language;
  readonly platform?: Platform;
}

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  py: 'python',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  cs: 'csharp',
  rb: 'ruby',
  rake: 'ruby',
  php: 'php',
  swift: 'swift',
  m: 'objective-c',
  mm: 'objective-c',
  dart: 'dart',
  gradle: 'gradle',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ps1: 'powershell',
  tf: 'terraform',
  tfvars: 'terraform',
  hcl: 'terraform',
  yml: 'yaml',
  yaml: 'yaml',
  json: 'json',
  template: 'json',
  properties: 'properties',
  env: 'dotenv',
  ini: 'ini',
  cfg: 'ini',
  toml: 'toml',
  xml: 'xml',
  config: 'xml',
  pem: 'pem',
  key: 'pem',
  crt: 'pem',
  p8: 'pem',
  ppk: 'pem',
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function languageOf(path: string): Language {
  const name = baseName(path).toLowerCase();
  if (/^(?:dockerfile|containerfile)(?:[.-][\w.-]+)?$/.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  if (/^\.env(?:\.[\w.-]+)?$/.test(name) || name.endsWith('.env')) return 'dotenv';
  if (name === '.npmrc') return 'npmrc';
  if (name === 'credentials' && path.includes('.aws/')) return 'ini';
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)$/.test(name)) return 'pem';
  if (name.endsWith('.gradle.kts')) return 'gradle';
  const dot = name.lastIndexOf('.');
  return (dot > 0 && BY_EXTENSION[name.slice(dot + 1)]) || (dot === 0 ? BY_EXTENSION[name.slice(1)] ?? 'text' : 'text');
}

const MOBILE_PATH = /(?:^|\/)(?:android|ios|app\/src\/main|[\w-]+\.xcodeproj|mobile)(?:\/|$)/i;
const BROWSER_TEXT = /\bimport\.meta\.env\b|\bfrom ['"](?:react|vue|svelte|@angular\/core)['"]|\bdocument\.|\bwindow\.(?:location|localStorage|fetch)/;

function platformOf(path: string, language: Language, text: string | undefined): Platform | undefined {
  const name = baseName(path).toLowerCase();
  const lower = path.toLowerCase();
  const t = text ?? '';
  switch (language) {
    case 'yaml':
      if (/(?:^|\/)\.github\/workflows\/[^/]+$/.test(lower) || /(?:^|\/)action\.ya?ml$/.test(lower)) return 'github-actions';
      if (/(?:^|\/)(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(lower)) return 'docker-compose';
      if (/^(?:application|bootstrap)(?:-[\w.]+)?\.ya?ml$/.test(name)) return 'spring';
      if (name === '.yarnrc.yml') return 'yarnrc';
      if (/^serverless\.ya?ml$/.test(name)) return 'serverless';
      if (/^AWSTemplateFormatVersion\s*:/m.test(t) || /^\s+Type:\s+['"]?AWS::/m.test(t)) return 'cloudformation';
      if (/(?:^|\/)templates\//.test(lower) && /\{\{/.test(t)) return 'helm';
      if (/(?:^|\/)values(?:[.-][\w.-]+)?\.ya?ml$/.test(lower)) return 'helm';
      if (/^apiVersion\s*:/m.test(t) && /^kind\s*:/m.test(t)) return 'kubernetes';
      if (/(?:^|\/)(?:k8s|kubernetes|manifests|deploy|overlays|base)\//.test(lower) && text === undefined) return 'kubernetes';
      return undefined;
    case 'json':
      if (/^appsettings(?:\.[\w-]+)?\.json$/.test(name)) return 'dotnet-appsettings';
      if (/"AWSTemplateFormatVersion"|"Type"\s*:\s*"AWS::/.test(t) || name.endsWith('.template')) return 'cloudformation';
      if (/"containerDefinitions"/.test(t) || /task-?def/.test(name)) return 'ecs-task-definition';
      if (/"type"\s*:\s*"service_account"/.test(t)) return 'gcp-service-account';
      return undefined;
    case 'properties':
      return /^(?:application|bootstrap)(?:-[\w.]+)?\.properties$/.test(name) ? 'spring' : undefined;
    case 'xml':
      return name === 'settings.xml' ? 'maven-settings' : undefined;
    case 'terraform':
      return name.endsWith('.tfvars') ? 'terraform-vars' : undefined;
    case 'ini':
      return lower.includes('.aws/') || /^\s*\[(?:default|profile [^\]]+)\]/m.test(t) ? 'aws-credentials-file' : undefined;
    case 'pem':
      return /^id_|(?:^|\/)\.ssh\//.test(name) || lower.includes('.ssh/') ? 'ssh-key-file' : undefined;
    case 'swift':
    case 'objective-c':
    case 'dart':
      return 'mobile';
    case 'kotlin':
    case 'java':
      return MOBILE_PATH.test(lower) || /\bimport android\./.test(t) ? 'mobile' : undefined;
    case 'typescript':
    case 'javascript':
      if (/\.(?:tsx|jsx)$/.test(name) || BROWSER_TEXT.test(t)) return 'browser';
      if (/react-native|expo/.test(t) && /from ['"]react-native['"]/.test(t)) return 'mobile';
      if (/(?:^|\/)(?:lambdas?|functions)\//.test(lower) || /\bexports\.handler\b|export (?:const|async function) handler\b/.test(t)) return 'lambda';
      return undefined;
    case 'python':
      if (/(?:^|\/)(?:lambdas?|functions)\//.test(lower) || /\bdef lambda_handler\(/.test(t)) return 'lambda';
      return undefined;
    default:
      return undefined;
  }
}

export function fileTypeOf(path: string, text?: string): FileType {
  const language = languageOf(path);
  const platform = platformOf(path, language, text);
  return platform ? { language, platform } : { language };
}

/** Programming languages whose one-line edit is a run-time lookup expression. */
export const CODE_LANGUAGES: ReadonlySet<Language> = new Set<Language>([
  'typescript',
  'javascript',
  'python',
  'go',
  'java',
  'kotlin',
  'csharp',
  'ruby',
  'php',
  'swift',
  'objective-c',
  'dart',
]);

/** The small parts remediation is built from: names, file types, literals, keys, comments, blocks. */
import { describe, expect, it } from '@jest/globals';
import { envName, environmentOf, isGenericName, kebab, nameFromRule, secretNameFor } from '../../src/remediate/names.js';
import { fileTypeOf } from '../../src/remediate/file-type.js';
import { enclosingLiteral, fillsLiteral, isConnectionString } from '../../src/remediate/literal.js';
import { keyBefore, qualifierFromHeader } from '../../src/remediate/key-name.js';
import { commentStart, enclosingHeaders } from '../../src/remediate/text.js';
import { yamlPlaceOf } from '../../src/remediate/yaml-place.js';

describe('names', () => {
  it.each([
    ['stripeSecretKey', 'STRIPE_SECRET_KEY'],
    ['stripe_secret_key', 'STRIPE_SECRET_KEY'],
    ['spring.datasource.password', 'SPRING_DATASOURCE_PASSWORD'],
    ['DBPassword', 'DB_PASSWORD'],
    ['x-api-key', 'X_API_KEY'],
    ['ConnectionStrings:Default', 'CONNECTION_STRINGS_DEFAULT'],
    ['2faSecret', '_2FA_SECRET'],
  ])('%s -> %s', (raw, env) => expect(envName(raw)).toBe(env));

  it('kebab-cases for secret names', () => expect(kebab('DB_PASSWORD')).toBe('db-password'));

  it('finds the environment a path speaks of', () => {
    expect(environmentOf('deploy/prod/values.yaml')).toBe('prod');
    expect(environmentOf('.env.production')).toBe('prod');
    expect(environmentOf('src/main/resources/application-staging.yml')).toBe('staging');
    expect(environmentOf('config/development.rb')).toBe('dev');
    expect(environmentOf('src/app.ts')).toBeUndefined();
  });

  it('builds the Secrets Manager name from repository, environment and variable', () => {
    expect(secretNameFor('acme/my-repo', 'infra/prod/db.tf', 'DB_PASSWORD')).toBe('my-repo/prod/db-password');
    expect(secretNameFor(undefined, 'app.py', 'STRIPE_SECRET_KEY')).toBe('stripe-secret-key');
  });

  it('knows generic names from specific ones', () => {
    expect(isGenericName('password')).toBe(true);
    expect(isGenericName('apiKey')).toBe(true);
    expect(isGenericName('DB_PASSWORD')).toBe(false);
    expect(isGenericName('stripe_secret_key')).toBe(false);
  });

  it('names a value after its rule when the code does not', () => {
    expect(nameFromRule('stripe-secret-key', 'api-key')).toBe('STRIPE_SECRET_KEY');
    expect(nameFromRule('aws-secret-access-key-beside-id', 'aws-access-key')).toBe('AWS_SECRET_ACCESS_KEY');
    expect(nameFromRule('generic-password', 'password')).toBe('PASSWORD');
    expect(nameFromRule('private-key-rsa', 'private-key')).toBe('PRIVATE_KEY');
  });
});

describe('file types', () => {
  it.each([
    ['.github/workflows/ci.yml', 'yaml', 'github-actions'],
    ['docker-compose.prod.yml', 'yaml', 'docker-compose'],
    ['src/main/resources/application-prod.properties', 'properties', 'spring'],
    ['infra/terraform.tfvars', 'terraform', 'terraform-vars'],
    ['api.Dockerfile', 'dockerfile', undefined],
    ['Dockerfile.dev', 'dockerfile', undefined],
    ['.env.local', 'dotenv', undefined],
    ['ios/App/Keys.swift', 'swift', 'mobile'],
    ['app/src/main/java/com/acme/Keys.kt', 'kotlin', 'mobile'],
    ['web/src/App.tsx', 'typescript', 'browser'],
    ['src/Api/appsettings.Development.json', 'json', 'dotnet-appsettings'],
    ['home/.ssh/id_ed25519', 'pem', 'ssh-key-file'],
  ])('%s', (path, language, platform) => {
    const t = fileTypeOf(path);
    expect(t.language).toBe(language);
    expect(t.platform).toBe(platform);
  });

  it('reads the platform from the text when the path does not say', () => {
    expect(fileTypeOf('deploy/api.yaml', 'apiVersion: apps/v1\nkind: Deployment\n').platform).toBe('kubernetes');
    expect(fileTypeOf('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n').platform).toBe('cloudformation');
    expect(fileTypeOf('key.json', '{"type": "service_account"}').platform).toBe('gcp-service-account');
    expect(fileTypeOf('src/handler.ts', 'export const handler = async () => 1;').platform).toBe('lambda');
  });
});

describe('literals', () => {
  const at = (line: string, secret: string) => {
    const start = line.indexOf(secret);
    return { firstLine: 1, lines: [line], start, end: start + secret.length };
  };

  it('finds the quotes, prefix and surrounding text of a literal', () => {
    const lit = enclosingLiteral(at('key = r"abc-SECRET"', 'SECRET'), 'python')!;
    expect(lit).toMatchObject({ quote: '"', prefix: 'r', before: 'abc-', after: '' });
    expect(fillsLiteral(lit)).toBe(false);
    expect(enclosingLiteral(at('var s = @"SECRET";', 'SECRET'), 'csharp')).toMatchObject({ prefix: '@', start: 8 });
    expect(enclosingLiteral(at('x = """SECRET"""', 'SECRET'), 'python')).toMatchObject({ quote: '"""', start: 4, end: 16 });
  });

  it('skips earlier strings and escaped quotes', () => {
    const lit = enclosingLiteral(at(`f("a\\"b", 'SECRET')`, 'SECRET'), 'javascript')!;
    expect(lit.quote).toBe("'");
  });

  it('is undefined outside quotes, and after a lone backslash', () => {
    expect(enclosingLiteral(at('KEY=SECRET', 'SECRET'), 'dotenv')).toBeUndefined();
    expect(enclosingLiteral(at('"a\\SECRET"', 'SECRET'), 'javascript')).toBeUndefined();
  });

  it('recognises connection strings', () => {
    expect(isConnectionString('postgres://app:pw@db/app')).toBe(true);
    expect(isConnectionString('Server=x;Password=y;')).toBe(true);
    expect(isConnectionString('Bearer abc')).toBe(false);
  });
});

describe('key names', () => {
  it.each([
    ['const DB_PASSWORD = ', 'DB_PASSWORD'],
    ['  "password": ', 'password'],
    ["    'api_key' => ", 'api_key'],
    ['client.setPassword(', 'Password'],
    ['ENV NPM_TOKEN ', 'NPM_TOKEN'],
    ['export GH_TOKEN=', 'GH_TOKEN'],
    ['mysql --password=', 'password'],
    ['const token: string = ', 'token'],
    ['this.secretKey = ', 'secretKey'],
    ['headers["x-api-key"] = ', 'x-api-key'],
    ['      <password>', 'password'],
    ['spring.datasource.password=', 'spring.datasource.password'],
  ])('%j -> %s', (prefix, key) => expect(keyBefore(prefix, 'typescript').key).toBe(key));

  it('skips a Go type between the name and `=`', () => expect(keyBefore('var apiKey string = ', 'go').key).toBe('apiKey'));

  it('calls a value positional when the call says nothing about it', () => {
    expect(keyBefore('createClient(', 'typescript').positional).toBe(true);
    expect(keyBefore('new Credentials("id", ', 'typescript').positional).toBe(true);
  });

  it('qualifies from the enclosing block', () => {
    expect(qualifierFromHeader('stripe:', 'typescript')).toBe('stripe');
    expect(qualifierFromHeader('resource "aws_db_instance" "orders"', 'terraform')).toBe('orders');
    expect(qualifierFromHeader('resource "aws_db_instance" "this"', 'terraform')).toBe('db_instance');
    expect(qualifierFromHeader('if (ready)', 'typescript')).toBeUndefined();
  });
});

describe('text', () => {
  it('finds line comments outside strings', () => {
    expect(commentStart('x = "a#b" # note', 'python')).toBe(10);
    expect(commentStart('url: http://a#b', 'yaml')).toBe(-1);
    expect(commentStart('const a = "//"; // c', 'typescript')).toBe(16);
    expect(commentStart('KEY=a#b', 'dotenv')).toBe(-1);
  });

  it('lists the blocks enclosing an offset, skipping braces in strings and comments', () => {
    const text = 'provider "aws" {\n  # {\n  s = "}"\n  access_key = "X"\n}\n';
    expect(enclosingHeaders(text, text.indexOf('X'), 'terraform')).toEqual(['provider "aws"']);
    const cs = 'class A\n{\n    void M()\n    {\n        var k = "X";\n    }\n}\n';
    expect(enclosingHeaders(cs, cs.indexOf('X'), 'csharp')).toEqual(['class A', 'void M()']);
  });

  it('places an offset in a YAML document', () => {
    const text = 'a: 1\n---\nkind: Deployment\nspec:\n  env:\n    - name: X\n      value: "s"\n';
    const place = yamlPlaceOf(text, text.indexOf('"s"'))!;
    expect(place.path).toEqual(['spec', 'env', 0, 'value']);
    expect(yamlPlaceOf('a: [', 1)).toBeUndefined();
  });
});

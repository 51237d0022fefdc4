/**
 * The generic (name-based) rules on realistic files: which passwords, secrets and tokens are found
 * (rule and line) and, as much, which look-alikes are not: environment references, template
 * expressions, password hashes, UI strings, validation settings, placeholders in documentation.
 */
import { describe, expect, it } from '@jest/globals';
import { createFake } from '../../support/fake.js';
import { reported, scanSample } from '../../support/scan.js';
import { evidenceOf, type Finding } from '../../../src/detect/finding.js';
import type { Sample } from '../../../src/detect/rule.js';

const f = createFake(8080);

function secrets(sample: Sample): string[] {
  return scanSample(sample).map((x: Finding) => evidenceOf(x)!.secret);
}

const pw = (n = 14) => `${f.chars('aA0', n - 1)}!`;

describe('generic rules on realistic files', () => {
  it('a Django settings.py: literals are found, environment lookups and validator settings are not', () => {
    const secretKey = f.chars('aA0', 50);
    const mailPassword = pw();
    const text = [
      'import os', // 1
      'from pathlib import Path', // 2
      '', // 3
      'BASE_DIR = Path(__file__).resolve().parent.parent', // 4
      `SECRET_KEY = '${secretKey}'`, // 5
      'DEBUG = False', // 6
      "ALLOWED_HOSTS = ['shop.internal']", // 7
      '', // 8
      'DATABASES = {', // 9
      "    'default': {", // 10
      "        'ENGINE': 'django.db.backends.postgresql',", // 11
      "        'NAME': 'shop',", // 12
      "        'PASSWORD': os.environ['DB_PASSWORD'],", // 13
      '    }', // 14
      '}', // 15
      '', // 16
      'AUTH_PASSWORD_VALIDATORS = [', // 17
      "    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator', 'OPTIONS': {'min_length': 12}},", // 18
      ']', // 19
      "PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']", // 20
      "PASSWORD_RESET_TIMEOUT = 259200", // 21
      '', // 22
      "EMAIL_HOST = 'smtp.internal'", // 23
      "EMAIL_HOST_USER = 'shop'", // 24
      `EMAIL_HOST_PASSWORD = '${mailPassword}'`, // 25
      "STRIPE_API_KEY = os.environ.get('STRIPE_API_KEY')", // 26
      "CSRF_COOKIE_NAME = 'csrftoken'", // 27
      "SESSION_COOKIE_NAME = 'sessionid'", // 28
    ].join('\n');
    const sample = { path: 'shop/settings.py', text };
    expect(reported(sample)).toEqual([
      { ruleId: 'generic-secret', line: 5 },
      { ruleId: 'generic-password-assignment', line: 25 },
    ]);
    expect(secrets(sample)).toEqual([secretKey, mailPassword]);
  });

  it('a Spring application.yml: the mail password and the OAuth client secret, not the references', () => {
    const text = [
      'server:', // 1
      '  port: 8080', // 2
      'spring:', // 3
      '  datasource:', // 4
      '    url: jdbc:postgresql://pg.internal:5432/orders', // 5
      '    username: orders', // 6
      '    password: ${DB_PASSWORD}', // 7
      '  mail:', // 8
      '    host: smtp.internal', // 9
      '    username: orders', // 10
      `    password: ${pw(12)}`, // 11
      '  security:', // 12
      '    oauth2:', // 13
      '      client:', // 14
      '        registration:', // 15
      '          acme:', // 16
      '            client-id: orders-service', // 17
      `            client-secret: ${f.chars('aA0', 40)}`, // 18
      '            scope: openid,profile', // 19
      'app:', // 20
      '  jwt:', // 21
      '    secret: ${JWT_SECRET}', // 22
      '    token-url: https://auth.internal/oauth/token', // 23
      '  password-policy:', // 24
      '    min-length: 12', // 25
      '    require-digit: true', // 26
      '  admin:', // 27
      '    password: "{{ vault \'secret/admin\' }}"', // 28
    ].join('\n');
    expect(reported({ path: 'src/main/resources/application.yml', text })).toEqual([
      { ruleId: 'generic-password-yaml', line: 11 },
      { ruleId: 'generic-oauth-unquoted', line: 18 },
    ]);
  });

  it('a .env file: literal values are found, empty ones, references and comments are not', () => {
    const jwt = f.jwt({ sub: 'svc-worker', scope: 'jobs' });
    const text = [
      '# copy to .env.local and fill in', // 1
      'NODE_ENV=production', // 2
      'PORT=3000', // 3
      `SMTP_PASSWORD=${pw(16)}`, // 4
      'SMTP_USER=mailer', // 5
      '# SMTP_PASSWORD=old-one-do-not-use', // 6
      'ADMIN_PASSWORD=', // 7
      'REDIS_URL=${REDIS_URL}', // 8
      `PAYMENTS_API_KEY=${f.chars('hex', 32)}`, // 9
      `SESSION_SECRET="${f.chars('aA0', 48)}"`, // 10
      'GITHUB_TOKEN=${GITHUB_TOKEN}', // 11
      `WORKER_JWT=${jwt}`, // 12
      'PASSWORD_MIN_LENGTH=12', // 13
      `OAUTH_CLIENT_SECRET=${f.chars('aA0', 40)} # rotated 2026-11`, // 14
      'API_KEY_HEADER=X-Api-Key', // 15
      `NEXT_PAGE_TOKEN=${f.chars('aA0', 24)}`, // 16
    ].join('\n');
    expect(reported({ path: '.env', text })).toEqual([
      { ruleId: 'generic-password-config-file', line: 4 },
      { ruleId: 'generic-secret-unquoted', line: 9 },
      { ruleId: 'generic-secret', line: 10 },
      { ruleId: 'generic-jwt', line: 12 },
      { ruleId: 'generic-oauth-unquoted', line: 14 },
    ]);
  });

  it("a package README: placeholders, references and the docs' own examples are not findings", () => {
    const text = [
      '# acme-client', // 1
      '', // 2
      '```sh', // 3
      'export ACME_API_KEY=<your-api-key>', // 4
      'export ACME_PASSWORD="$(pass show acme)"', // 5
      'curl -H "Authorization: Bearer $ACME_TOKEN" https://api.acme.example/v1/me', // 6
      `curl -H "Authorization: Basic ${Buffer.from('username:password').toString('base64')}" https://api.acme.example/v1/me`, // 7
      'git clone https://user:password@git.acme.example/acme/client.git', // 8
      '```', // 9
      '', // 10
      '```js', // 11
      "const client = new Acme({ apiKey: 'YOUR_API_KEY', password: process.env.ACME_PASSWORD });", // 12
      "const login = await client.login({ user: 'me', password: '********' });", // 13
      "client.configure({ token: '<token>', clientSecret: '<client-secret>' });", // 14
      '```', // 15
      '', // 16
      'Pass `--password` (or `--password-stdin`) to the CLI; `password: changeme` is the default.', // 17
      '', // 18
      'The bearer token scheme is described in RFC 6750.', // 19
    ].join('\n');
    expect(reported({ path: 'README.md', text })).toEqual([]);
  });

  it('a README with a real leak in a shell snippet', () => {
    const text = [
      '## Deploying', // 1
      '', // 2
      '```sh', // 3
      `export DEPLOY_PASSWORD=${pw(12)}`, // 4
      `NEXUS_API_KEY=${f.chars('hex', 32)}`, // 5
      `curl -H "Authorization: Bearer ${f.chars('aA0', 40)}" https://api.internal/v1/deploy`, // 6
      `git push https://deploy:${pw(16)}@git.internal.corp/app.git`, // 7
      '```', // 8
    ].join('\n');
    expect(reported({ path: 'docs/deploy.md', text })).toEqual([
      { ruleId: 'generic-password-shell-export', line: 4 },
      { ruleId: 'generic-secret-unquoted', line: 5 },
      { ruleId: 'generic-bearer-token', line: 6 },
      { ruleId: 'generic-password-url', line: 7 },
    ]);
  });

  it('a React login form: password fields, labels and validation messages are not passwords', () => {
    const text = [
      "import { useState } from 'react';", // 1
      '', // 2
      'const PASSWORD_MIN_LENGTH = 12;', // 3
      "const passwordRegex = /^(?=.*[A-Z])(?=.*\\d).{12,}$/;", // 4
      '', // 5
      'export function LoginForm({ onSubmit }: { onSubmit: (u: string, p: string) => void }) {', // 6
      "  const [password, setPassword] = useState('');", // 7
      '  const [showPassword, setShowPassword] = useState(false);', // 8
      "  const passwordError = password.length < PASSWORD_MIN_LENGTH ? 'Password is too short' : '';", // 9
      '  return (', // 10
      '    <form onSubmit={() => onSubmit(user, password)}>', // 11
      '      <label htmlFor="password">Password</label>', // 12
      '      <input', // 13
      '        id="password"', // 14
      '        name="password"', // 15
      "        type={showPassword ? 'text' : 'password'}", // 16
      '        autoComplete="current-password"', // 17
      '        placeholder="Enter your password"', // 18
      '        value={password}', // 19
      '        onChange={(e) => setPassword(e.target.value)}', // 20
      '      />', // 21
      '      <a href="/forgot-password">Forgot password?</a>', // 22
      '      {passwordError && <p role="alert">{passwordError}</p>}', // 23
      "      <button type=\"submit\" aria-label=\"Sign in\">Sign in</button>", // 24
      '    </form>', // 25
      '  );', // 26
      '}', // 27
      '', // 28
      "export const messages = { password: 'Password', passwordConfirm: 'Confirm password', passwordHint: 'At least 12 characters' };", // 29
    ].join('\n');
    expect(reported({ path: 'src/components/LoginForm.tsx', text })).toEqual([]);
  });

  it('a test file with a hard-coded fixture password and a bcrypt hash', () => {
    const text = [
      "import { hash } from 'bcrypt';", // 1
      '', // 2
      "describe('login', () => {", // 3
      `  const password = '${pw(12)}';`, // 4
      `  const passwordHash = '$2b$12$${f.chars('b64', 53)}';`, // 5
      `  const user = { email: 'a@b.test', password: '$2b$10$${f.chars('b64', 53)}' };`, // 6
      "  it('rejects a wrong password', async () => {", // 7
      "    await expect(login('a@b.test', 'nope')).rejects.toThrow('Invalid password');", // 8
      '  });', // 9
      '});', // 10
    ].join('\n');
    expect(reported({ path: 'test/login.test.ts', text })).toEqual([{ ruleId: 'generic-password-assignment', line: 4 }]);
  });

  it('a Terraform file: a variable default and an inline secret, not variables or generated passwords', () => {
    const text = [
      'variable "admin_password" {', // 1
      '  type      = string', // 2
      '  sensitive = true', // 3
      `  default   = "${pw(16)}"`, // 4
      '}', // 5
      '', // 6
      'resource "random_password" "vm" {', // 7
      '  length  = 24', // 8
      '  special = true', // 9
      '}', // 10
      '', // 11
      'resource "azurerm_linux_virtual_machine" "vm" {', // 12
      '  admin_username                  = "azureuser"', // 13
      '  admin_password                  = random_password.vm.result', // 14
      '  disable_password_authentication = false', // 15
      '}', // 16
      '', // 17
      'resource "aws_iam_account_password_policy" "strict" {', // 18
      '  minimum_password_length        = 14', // 19
      '  require_numbers                = true', // 20
      '  allow_users_to_change_password = true', // 21
      '}', // 22
      '', // 23
      'provider "acme" {', // 24
      '  client_id     = "terraform"', // 25
      `  client_secret = "${f.chars('aA0', 40)}"`, // 26
      '}', // 27
      '', // 28
      'module "smtp" {', // 29
      '  source        = "./modules/smtp"', // 30
      `  smtp_password = "${pw(14)}"`, // 31
      '  api_key       = var.smtp_api_key', // 32
      '}', // 33
    ].join('\n');
    expect(reported({ path: 'infra/main.tf', text })).toEqual([
      { ruleId: 'generic-password-terraform-variable', line: 4 },
      { ruleId: 'generic-client-secret', line: 26 },
      { ruleId: 'generic-password-terraform', line: 31 },
    ]);
  });

  it('a docker-compose file, a Dockerfile and a Kubernetes manifest', () => {
    const compose = [
      'services:', // 1
      '  app:', // 2
      '    image: acme/app:1.4', // 3
      '    environment:', // 4
      `      - SMTP_PASSWORD=${pw(14)}`, // 5
      '      - SMTP_PASSWORD_FILE=/run/secrets/smtp', // 6
      '      - ADMIN_PASSWORD=${ADMIN_PASSWORD}', // 7
      `      - API_TOKEN=${f.chars('aA0', 32)}`, // 8
      '    command: ["app", "--password-file", "/run/secrets/app"]', // 9
    ].join('\n');
    expect(reported({ path: 'docker-compose.yml', text: compose })).toEqual([
      { ruleId: 'generic-password-yaml', line: 5 },
      { ruleId: 'generic-secret-unquoted', line: 8 },
    ]);

    const dockerfile = [
      'FROM eclipse-temurin:21-jre', // 1
      'ARG SMTP_PASSWORD', // 2
      `ENV APP_HOME=/app ADMIN_PASSWORD=${pw(14)}`, // 3
      'ENV SMTP_PASSWORD=${SMTP_PASSWORD}', // 4
      'RUN --mount=type=secret,id=ldap_password cat /run/secrets/ldap_password > /dev/null', // 5
      `CMD ["java", "-Dmail.smtp.password=${pw(12)}", "-jar", "/app/app.jar"]`, // 6
    ].join('\n');
    expect(reported({ path: 'Dockerfile', text: dockerfile })).toEqual([
      { ruleId: 'generic-password-dockerfile', line: 3 },
      { ruleId: 'generic-password-cli-flag', line: 6 },
    ]);

    const manifest = [
      'apiVersion: apps/v1', // 1
      'kind: Deployment', // 2
      'spec:', // 3
      '  template:', // 4
      '    spec:', // 5
      '      containers:', // 6
      '        - name: app', // 7
      '          env:', // 8
      '            - name: SMTP_PASSWORD', // 9
      '              valueFrom:', // 10
      '                secretKeyRef: { name: smtp, key: password }', // 11
      '            - name: LDAP_BIND_PASSWORD', // 12
      `              value: "${pw(14)}"`, // 13
      '            - name: PASSWORD_MIN_LENGTH', // 14
      '              value: "12"', // 15
    ].join('\n');
    expect(reported({ path: 'k8s/deployment.yaml', text: manifest })).toEqual([{ ruleId: 'generic-password-kubernetes-env', line: 13 }]);
  });

  it('Java, Go and XML configuration', () => {
    const java = [
      'public final class MailConfig {', // 1
      '    private static final String SMTP_HOST = "smtp.internal";', // 2
      `    private static final String SMTP_PASSWORD = "${pw(14)}";`, // 3
      '    private static final String PASSWORD_PROPERTY = "mail.smtp.password";', // 4
      '    private String password = System.getenv("SMTP_PASSWORD");', // 5
      `    private final String apiKey = "${f.chars('hex', 40)}";`, // 6
      '    boolean check(String password) { return password.equals(expected); }', // 7
      '}', // 8
    ].join('\n');
    expect(reported({ path: 'src/main/java/MailConfig.java', text: java })).toEqual([
      { ruleId: 'generic-password-assignment', line: 3 },
      { ruleId: 'generic-api-key', line: 6 },
    ]);

    const go = [
      'package mail', // 1
      '', // 2
      'var defaultConfig = Config{', // 3
      '\tHost:     "smtp.internal",', // 4
      `\tPassword: "${pw(14)}",`, // 5
      '}', // 6
      '', // 7
      'type Config struct {', // 8
      '\tHost     string `json:"host"`', // 9
      '\tPassword string `json:"password"`', // 10
      '}', // 11
    ].join('\n');
    expect(reported({ path: 'internal/mail/config.go', text: go })).toEqual([{ ruleId: 'generic-password-assignment', line: 5 }]);

    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>', // 1
      '<configuration>', // 2
      '  <appSettings>', // 3
      `    <add key="SmtpPassword" value="${pw(14)}" />`, // 4
      '    <add key="PasswordMinLength" value="12" />', // 5
      `    <add key="ApiKey" value="${f.chars('hex', 32)}" />`, // 6
      '  </appSettings>', // 7
      '</configuration>', // 8
    ].join('\n');
    expect(reported({ path: 'Web.config', text: xml })).toEqual([
      { ruleId: 'generic-password-xml', line: 4 },
      { ruleId: 'generic-api-key', line: 6 },
    ]);
  });
  it('a CI workflow and Helm values: references and Secret names only', () => {
    const workflow = [
      'name: release', // 1
      'on: { push: { tags: ["v*"] } }', // 2
      'jobs:', // 3
      '  publish:', // 4
      '    runs-on: ubuntu-latest', // 5
      '    env:', // 6
      '      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}', // 7
      '      SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}', // 8
      '    steps:', // 9
      '      - uses: docker/login-action@v3', // 10
      '        with:', // 11
      '          username: ${{ vars.DOCKERHUB_USER }}', // 12
      '          password: ${{ secrets.DOCKERHUB_TOKEN }}', // 13
      '      - run: echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.internal', // 14
    ].join('\n');
    expect(reported({ path: '.github/workflows/release.yml', text: workflow })).toEqual([]);

    const values = [
      'auth:', // 1
      '  password: ""', // 2
      '  existingSecret: my-release-smtp', // 3
      '  secretKeys:', // 4
      '    adminPasswordKey: admin-password', // 5
      'tls:', // 6
      '  secretName: ingress-tls-cert', // 7
      'signing:', // 8
      '  secret: prod-signing-credentials-v2', // 9
      '  publicKey: MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', // 10
      'credentials:', // 11
      '  password: !secret smtp_password', // 12
      '  api_token: "{{ vault_api_token }}"', // 13
      'passwordPolicy:', // 14
      '  minLength: 12', // 15
    ].join('\n');
    expect(reported({ path: 'charts/app/values.yaml', text: values })).toEqual([]);
  });

  it('documentation examples: the OAuth RFC values and the jwt.io token are not findings', () => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwtIo = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${f.chars('b64url', 43)}`;
    const text = [
      '     HTTP/1.1 200 OK', // 1
      '     {', // 2
      `       "access_token":"${'2YotnFZFEjr1' + 'zCsicMWpAA'}",`, // 3
      `       "refresh_token":"${'tGzv3JOkF0XG' + '5Qx2TlKWIA'}",`, // 4
      '     }', // 5
      `     Authorization: Basic ${Buffer.from('s6BhdRkqt3:' + 'gX1fBa' + 't3bV').toString('base64')}`, // 6
      `     Authorization: Bearer ${jwtIo}`, // 7
      `     Authorization: Bearer ${f.jwt({ sub: 'svc-orders', exp: 1893456000 })}`, // 8
    ].join('\n');
    expect(reported({ path: 'docs/oauth.md', text })).toEqual([{ ruleId: 'generic-jwt', line: 8 }]);
  });
});

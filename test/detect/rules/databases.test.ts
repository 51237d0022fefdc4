/**
 * The database family on whole files: real passwords found once, at their line, with the password as
 * the secret; dev defaults, references and URLs without a password never found.
 */
import { describe, expect, it } from '@jest/globals';
import { evidenceOf, type Finding } from '../../../src/detect/finding.js';
import { isTrivialPassword } from '../../../src/detect/rules/patterns.js';
import { createFake } from '../../support/fake.js';
import { scanSample } from '../../support/scan.js';

const f = createFake(11);
const lines = (...l: string[]) => l.join('\n');
const summary = (findings: Finding[]) => findings.map((x) => [x.ruleId, x.startLine]);
const secrets = (findings: Finding[]) => findings.map((x) => evidenceOf(x)!.secret);
const db = (findings: Finding[]) => findings.filter((x) => x.kind === 'database-credential');

describe('database credentials in files', () => {
  it('docker-compose: real passwords found, image defaults and references not', () => {
    const pg = f.chars('aA0', 18);
    const url = f.chars('aA0', 20);
    const rabbit = f.chars('aA0', 16);
    const text = lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_USER: shop',
      `      POSTGRES_PASSWORD: ${pg}`,
      '  test-db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_PASSWORD: postgres',
      '  mysql:',
      '    image: mysql:8',
      '    environment:',
      '      - MYSQL_ROOT_PASSWORD=${MYSQL_ROOT_PASSWORD}',
      '      - MYSQL_DATABASE=shop',
      '  rabbit:',
      '    image: rabbitmq:3-management',
      '    environment:',
      `      RABBITMQ_DEFAULT_PASS: "${rabbit}"`,
      '  api:',
      '    build: .',
      '    environment:',
      `      DATABASE_URL: postgres://shop:${url}@db:5432/shop`,
      '      TEST_DATABASE_URL: postgres://postgres:postgres@test-db:5432/test',
      '      REDIS_URL: redis://redis:6379/0',
      '      AMQP_URL: amqp://guest:guest@rabbit:5672/',
      '    command: ["./wait-for", "db:5432", "--", "npm", "start"]',
    );
    const findings = db(scanSample({ path: 'docker-compose.yml', text }));
    expect(summary(findings)).toEqual([
      ['postgres-password-env', 6],
      ['rabbitmq-password-env', 19],
      ['postgres-connection-url', 23],
    ]);
    expect(secrets(findings)).toEqual([pg, rabbit, url]);
  });

  it('Spring application.properties: the datasource password, not the URL or the user', () => {
    const password = f.chars('aA0', 14);
    const text = lines(
      'server.port=8080',
      'spring.datasource.url=jdbc:postgresql://pg.internal:5432/orders?ssl=true',
      'spring.datasource.username=orders',
      `spring.datasource.password=${password}`,
      'spring.datasource.hikari.maximum-pool-size=10',
      'spring.flyway.password=${FLYWAY_PASSWORD}',
      'spring.jpa.hibernate.ddl-auto=validate',
    );
    const findings = scanSample({ path: 'src/main/resources/application.properties', text });
    expect(summary(db(findings))).toEqual([['spring-datasource-password', 4]]);
    expect(secrets(db(findings))).toEqual([password]);
  });

  it('Terraform: a literal password in aws_db_instance, not a variable or a generated one', () => {
    const password = f.chars('aA0', 20);
    const text = lines(
      'resource "random_password" "cluster" {',
      '  length  = 32',
      '  special = false',
      '}',
      '',
      'resource "aws_db_instance" "orders" {',
      '  identifier          = "orders"',
      '  engine              = "postgres"',
      '  engine_version      = "16.3"',
      '  instance_class      = "db.t3.micro"',
      '  allocated_storage   = 20',
      '  username            = "orders"',
      `  password            = "${password}"`,
      '  skip_final_snapshot = true',
      '}',
      '',
      'resource "aws_rds_cluster" "analytics" {',
      '  engine          = "aurora-postgresql"',
      '  master_username = "analytics"',
      '  master_password = random_password.cluster.result',
      '}',
      '',
      'resource "aws_db_instance" "replica" {',
      '  replicate_source_db = aws_db_instance.orders.identifier',
      '  password            = var.replica_password',
      '}',
    );
    const findings = db(scanSample({ path: 'infra/rds.tf', text }));
    expect(summary(findings)).toEqual([['terraform-database-password', 13]]);
    expect(secrets(findings)).toEqual([password]);
  });

  it('Python: a hard-coded URL found, URLs built from the environment not', () => {
    const password = f.chars('aA0', 16);
    const text = lines(
      'import os',
      'from sqlalchemy import create_engine',
      '',
      'DEFAULT_URL = "postgresql://app@localhost/app"',
      'url = f"postgresql://{os.environ[\'DB_USER\']}:{os.environ[\'DB_PASSWORD\']}@{host}/app"',
      'engine = create_engine(os.environ.get("DATABASE_URL", DEFAULT_URL))',
      `reporting = create_engine("mysql+pymysql://report:${password}@reporting.internal/report")`,
      'cache = redis.Redis(host="cache", password=os.environ["REDIS_PASSWORD"])',
      "tests_url = 'postgresql://postgres:postgres@127.0.0.1:5432/test'",
    );
    const findings = scanSample({ path: 'app/db.py', text });
    expect(summary(db(findings))).toEqual([['mysql-connection-url', 7]]);
    expect(secrets(db(findings))).toEqual([password]);
  });

  it('appsettings.json: the ADO.NET password; integrated security has none', () => {
    const password = f.chars('aA0', 16);
    const text = lines(
      '{',
      '  "ConnectionStrings": {',
      `    "Orders": "Server=tcp:orders.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=${password};Encrypt=True;",`,
      '    "Local": "Server=(localdb)\\\\mssqllocaldb;Database=orders;Trusted_Connection=True;MultipleActiveResultSets=true"',
      '  },',
      '  "Logging": { "LogLevel": { "Default": "Information" } }',
      '}',
    );
    const findings = db(scanSample({ path: 'appsettings.Production.json', text }));
    expect(summary(findings)).toEqual([['adonet-connection-string-password', 3]]);
    expect(secrets(findings)).toEqual([password]);
  });

  it('Kubernetes: a literal env value found, a secretKeyRef not', () => {
    const password = f.chars('aA0', 16);
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          image: shop/api:1.4.2',
      '          env:',
      '            - name: DB_HOST',
      '              value: pg.internal',
      '            - name: DB_PASSWORD',
      '              valueFrom:',
      '                secretKeyRef:',
      '                  name: shop-db',
      '                  key: password',
      '            - name: REDIS_PASSWORD',
      `              value: "${password}"`,
    );
    const findings = db(scanSample({ path: 'k8s/api.yaml', text }));
    expect(summary(findings)).toEqual([['kubernetes-env-db-password', 18]]);
    expect(secrets(findings)).toEqual([password]);
  });

  it('JDBC URLs of every form, and the password only as the secret', () => {
    const [a, b, c, d] = [f.chars('aA0', 14), f.chars('aA0', 14), f.chars('aA0', 14), f.chars('aA0', 14)];
    const text = lines(
      `db1.url=jdbc:postgresql://pg.internal/app?user=app&password=${a}`,
      `db2.url=jdbc:mysql://app:${b}@mysql.internal:3306/app`,
      `db3.url=jdbc:sqlserver://sql.internal;databaseName=crm;user=crm;password=${c};encrypt=true`,
      `db4.url=jdbc:oracle:thin:billing/${d}@ora.internal:1521:BILL`,
      'db5.url=jdbc:oracle:thin:scott/tiger@localhost:1521:orcl',
      'db6.url=jdbc:h2:mem:test;DB_CLOSE_DELAY=-1',
    );
    const findings = db(scanSample({ path: 'conf/datasources.properties', text }));
    expect(summary(findings)).toEqual([
      ['jdbc-url-password-param', 1],
      ['jdbc-url-userinfo', 2],
      ['jdbc-url-password-param', 3],
      ['jdbc-oracle-thin-password', 4],
    ]);
    expect(secrets(findings)).toEqual([a, b, c, d]);
  });

  it('treats image and tutorial defaults as trivial, random passwords not', () => {
    for (const p of ['postgres', 'root', 'secret', 'Passw0rd!', 'P@ssw0rd', 'admin123', 'guest', 'tiger', 'yourStrong(!)Password', 'test1234']) {
      expect(isTrivialPassword(p)).toBe(true);
    }
    for (const p of ['Tr0ub4dor&3', 'rootbeer-fizzy-42', f.chars('aA0', 12)]) expect(isTrivialPassword(p)).toBe(false);
  });
});

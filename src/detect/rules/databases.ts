/**
 * Database credentials: connection URLs with a password (one rule per engine), JDBC URLs, ADO.NET
 * and ODBC connection strings, the password fields of database configuration (Rails, Django, Spring,
 * Terraform, CloudFormation, my.cnf, redis.conf), the environment variables of database images and
 * apps (docker-compose, .env, Kubernetes manifests) and passwords on database command lines.
 *
 * The secret is the password alone. Not findings: URLs without a password or with an empty one,
 * references (`${DB_PASSWORD}`, `$PGPASSWORD`, `{{ vault }}`, `process.env...`) and placeholders.
 *
 * Local defaults: docker-compose files, CI services and test suites are full of
 * `postgres://postgres:postgres@localhost/test`, `MYSQL_ROOT_PASSWORD: root` and `guest:guest`. They
 * are not secrets (they are the images' documented defaults, guessable by anyone) and reporting them
 * would bury the real ones, so a password equal to its user name, or one of a small list of default
 * words (optionally followed by a few digits or symbols, "admin123", "P@ssw0rd!"), is not a finding;
 * neither is a word-like password (letters, then at most four digits) in a URL to localhost.
 */
import type { Fake, Rule } from '../rule.js';
import { isWellKnownNonSecret } from '../placeholders.js';
import { isVaried, shannonEntropy } from '../validators.js';
import { isTrivialPassword } from './patterns.js';

/** A password read from a URL or a connection string: not a default, a format string or a run. */
function realUrlPassword(value: string): boolean {
  return value.length >= 3 && !isTrivialPassword(value) && isVaried(value) && !isNotALiteral(value);
}

/**
 * Not a literal password: printf and .NET format slots (`%s`, `{0}`), Maven filter tokens
 * (`@db.password@`), YAML tags and CloudFormation intrinsics (`!vault`, `!Ref`), code cut off at a
 * call or an index (`config(`, `env[`), and identifiers named after a password (`dbPassword`,
 * `myPassword`, `DB_PASS`) which are variables, not values.
 */
const FORMAT_SLOT = /^(?:%[a-z]|\{\w{0,40}\}|@[\w.-]{1,80}@|![A-Za-z]\w*)$|[([]$/i;
const PASSWORD_IDENTIFIER = /^[A-Za-z_$][\w$]{0,80}$/;
const PASSWORD_WORD = /pass(?:word|wd)?|pwd/i;

function isNotALiteral(value: string): boolean {
  return FORMAT_SLOT.test(value) || (PASSWORD_IDENTIFIER.test(value) && PASSWORD_WORD.test(value));
}

/**
 * Passwords are often short words with digits, so the entropy bar of the named rules is low (2.5 bits
 * per character); isVaried, the default list and the shared filters do the rest.
 */
const NAMED_MIN_ENTROPY = 2.5;

/**
 * A password under a conventional variable name (DB_PASSWORD, POSTGRES_PASSWORD...): these rules
 * have minEntropy, so they are "generic" and yield to a format rule that finds the same value (a
 * PlanetScale `pscale_pw_` password in DB_PASSWORD is that provider's finding).
 */
function realNamedPassword(value: string): boolean {
  return !isTrivialPassword(value) && isVaried(value) && !isNotALiteral(value);
}

/**
 * A password in a field of a database configuration schema (Django DATABASES 'PASSWORD',
 * spring.datasource.password, a Terraform RDS resource, CloudFormation MasterUserPassword,
 * database.yml, my.cnf, redis.conf, a mysql command line). The field says what the value is as surely
 * as a format would, so these rules are not "generic": they carry the entropy and generic filters in
 * here instead of minEntropy, and so win over every generic (name-based) rule on the same text,
 * whichever family it is in: the engine prefers a format rule to a generic one before it looks at the
 * catalog order.
 */
function realFieldPassword(value: string): boolean {
  return shannonEntropy(value) >= NAMED_MIN_ENTROPY && !isWellKnownNonSecret(value) && realNamedPassword(value);
}

// ---------------------------------------------------------------------------------------------
// URLs: scheme://user:password@host

/** The user part of a URL; it may be empty (`redis://:password@host`). */
const URL_USER = String.raw`(?<user>[^\s:/?#@'"\x60<>\\]{0,128})`;
const LOCAL_HOST = String.raw`(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)(?![\w.-])`;
/**
 * The password: not the user name again, not a word-like password on localhost, then greedy up to the
 * last `@` that a host follows (a raw `@` inside a password is common even though URLs should encode it).
 */
const URL_PASSWORD = String.raw`(?!\k<user>@)(?![A-Za-z]{1,24}[0-9]{0,4}@${LOCAL_HOST})(?<secret>[^\s/?#'"\x60<>\\@{\[][^\s/?#'"\x60<>\\]{0,127})@(?=[\w\[$%{(-])`;

/** A connection URL of one scheme family (not preceded by `jdbc:`, which the JDBC rules read). */
function urlPattern(schemes: string): RegExp {
  return new RegExp(String.raw`(?<![\w+.:-])(?:${schemes})://${URL_USER}:${URL_PASSWORD}`, 'i');
}

const pw = (f: Fake, n = 16) => f.chars('aA0', n);

interface UrlRuleSpec {
  readonly id: string;
  readonly title: string;
  readonly schemes: string;
  readonly keywords: readonly string[];
  /** schemes and hosts for the generated samples */
  readonly matches: (f: Fake) => readonly string[];
  readonly ignores: (f: Fake) => readonly string[];
}

function urlRule(spec: UrlRuleSpec): Rule {
  return {
    id: spec.id,
    title: spec.title,
    kind: 'database-credential',
    keywords: spec.keywords,
    pattern: urlPattern(spec.schemes),
    validate: realUrlPassword,
    samples: { matches: spec.matches, ignores: spec.ignores },
  };
}

// ---------------------------------------------------------------------------------------------
// Named fields: NAME = value, NAME: value, "NAME": "value", NAME => 'value'

const ASSIGN = String.raw`["']?[ \t]{0,4}(?:=>|:=|[:=])[ \t]{0,4}`;
/** A value, quoted or bare, of 6 to 128 characters, that ends where the quote, the line or the statement ends. */
const VALUE = String.raw`(?<q>["'\x60]?)(?<secret>[^\s"'\x60\\;,]{6,128})\k<q>(?=[\s;,)}\]"'\x60]|$)`;

/** Environment names of database passwords, per engine (case-insensitive, also snake/camel case in config). */
const DB_NAME = String.raw`(?:DB|DATABASE)[_-]?(?:(?:ROOT|ADMIN|MASTER|USER|APP)[_-]?)?(?:PASSWORD|PASSWD)|(?:DB|DATABASE)[_-]?PASS|DB[_-]?PWD`;
const PG_NAME = String.raw`(?:POSTGRES(?:QL)?|PG)[_-]?(?:(?:ROOT|ADMIN|POSTGRES|SUPERUSER|REPLICATION|USER)[_-]?)?(?:PASSWORD|PASSWD)`;
const MYSQL_NAME = String.raw`(?:MYSQL|MARIADB)[_-]?(?:(?:ROOT|ADMIN|USER|REPLICATION)[_-]?)?(?:PASSWORD|PASSWD|PWD)`;
const MONGO_NAME = String.raw`(?:MONGO(?:DB)?(?:[_-]?INITDB)?|ME_CONFIG_MONGODB)[_-]?(?:(?:ROOT|ADMIN|USER)[_-]?)?(?:PASSWORD|PASSWD)`;
const REDIS_NAME = String.raw`REDIS[_-]?(?:(?:MASTER|SENTINEL|AUTH)[_-]?)?(?:PASSWORD|PASSWD|PASS|PWD)`;
const RABBIT_NAME = String.raw`RABBITMQ[_-]?(?:DEFAULT[_-]?)?(?:PASSWORD|PASS)`;
const MSSQL_NAME = String.raw`(?:MSSQL|SQLSERVER)[_-]?(?:SA[_-]?)?PASSWORD|SA_PASSWORD`;

/** A named password rule: the name (not inside a longer identifier), an assignment, the value. */
function namedPattern(name: string): RegExp {
  return new RegExp(String.raw`(?<![A-Za-z0-9])(?:${name})${ASSIGN}${VALUE}`, 'i');
}

const PASSWORD_KEYWORDS = ['password', 'passwd'];

export const DATABASE_RULES: readonly Rule[] = [
  urlRule({
    id: 'postgres-connection-url',
    title: 'PostgreSQL connection URL with password',
    schemes: String.raw`postgres(?:ql)?(?:\+[a-z0-9_]{1,20})?|postgis`,
    keywords: ['postgres', 'postgis'],
    matches: (f) => [
      `DATABASE_URL=postgres://app:${pw(f)}@db.internal:5432/app`,
      `engine = create_engine("postgresql+psycopg2://etl:${pw(f, 20)}@10.0.3.12/warehouse")`,
      `  url: "postgresql://svc:${f.chars('b64url', 24)}@prod.cluster-ro-c1x.us-east-1.rds.amazonaws.com:5432/app?sslmode=require"`,
      // a raw @ in the password
      `DATABASE_URL=postgres://app:Sp@rk${f.chars('aA0', 8)}@db:5432/app`,
      // a random password even on localhost is a real one
      `postgres://postgres:${pw(f)}@localhost:5432/test`,
    ],
    ignores: () => [
      'postgres://user@host/db',
      'postgres://user:@host/db',
      'postgres://user:${DB_PASSWORD}@host/db',
      'DATABASE_URL=postgresql://username:password@host:port/database',
      'postgres://postgres:postgres@localhost:5432/test',
      'postgres://app:apppass@localhost/app_test',
      'postgres://app:hunter2@127.0.0.1:5432/app',
      'postgresql://<user>:<password>@<host>/<db>',
      'postgres://{user}:{password}@{host}/{db}',
      `url = f"postgresql://{user}:{password}@{host}:5432/{db}"`,
      'postgres://host:5432/db',
      'postgres://app:********@db.internal/app',
      'jdbc:postgresql://db.internal:5432/app',
    ],
  }),
  urlRule({
    id: 'mysql-connection-url',
    title: 'MySQL connection URL with password',
    schemes: String.raw`mysql(?:2|x)?(?:\+[a-z0-9_]{1,20})?`,
    keywords: ['mysql'],
    matches: (f) => [
      `DATABASE_URL="mysql://shop:${pw(f)}@mysql.prod.internal:3306/shop"`,
      `SQLALCHEMY_DATABASE_URI = 'mysql+pymysql://api:${pw(f)}@db/api?charset=utf8mb4'`,
      `url: mysql2://rails:${pw(f, 12)}@db.example-corp.net/app_production`,
    ],
    ignores: () => [
      'mysql://root:root@localhost:3306/app',
      'mysql://root:secret@db:3306/app',
      'mysql://root@localhost/app',
      'mysql://user:$MYSQL_PASSWORD@db/app',
      'mysql://admin:admin123@127.0.0.1/test',
    ],
  }),
  urlRule({
    id: 'mariadb-connection-url',
    title: 'MariaDB connection URL with password',
    schemes: String.raw`mariadb(?:\+[a-z0-9_]{1,20})?`,
    keywords: ['mariadb'],
    matches: (f) => [`MARIADB_URL=mariadb://app:${pw(f)}@maria.internal:3306/app`, `"mariadb+mariadbconnector://etl:${pw(f)}@10.1.2.3/dw"`],
    ignores: () => ['mariadb://root:mariadb@localhost/test', 'mariadb://app:${MARIADB_PASSWORD}@db/app'],
  }),
  urlRule({
    id: 'sqlserver-connection-url',
    title: 'SQL Server connection URL with password',
    schemes: String.raw`(?:mssql|sqlserver)(?:\+[a-z0-9_]{1,20})?`,
    keywords: ['mssql', 'sqlserver'],
    matches: (f) => [
      `DATABASE_URL=sqlserver://sa:${pw(f)}@sql.internal:1433/orders`,
      `engine = create_engine("mssql+pyodbc://report:${pw(f)}@dsn-reporting")`,
    ],
    ignores: () => [
      'mssql://sa:yourStrong(!)Password@localhost:1433',
      'mssql+pyodbc://@dsn-reporting',
      'jdbc:sqlserver://sql.internal:1433;databaseName=orders;integratedSecurity=true',
    ],
  }),
  urlRule({
    id: 'oracle-connection-url',
    title: 'Oracle connection URL with password',
    schemes: String.raw`oracle(?:\+[a-z0-9_]{1,20})?`,
    keywords: ['oracle'],
    matches: (f) => [`ORACLE_URL=oracle://hr:${pw(f)}@ora.internal:1521/ORCLPDB1`, `create_engine('oracle+cx_oracle://app:${pw(f)}@tns_alias')`],
    ignores: () => ['oracle://scott:tiger@localhost:1521/orcl', 'oracle+oracledb://system:oracle@db:1521/FREEPDB1'],
  }),
  urlRule({
    id: 'mongodb-connection-url',
    title: 'MongoDB connection URL with password',
    schemes: String.raw`mongodb(?:\+srv)?`,
    keywords: ['mongodb'],
    matches: (f) => [
      `MONGO_URL=mongodb+srv://api:${pw(f)}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority`,
      `const uri = "mongodb://admin:${pw(f)}@mongo-0.mongo:27017,mongo-1.mongo:27017/app?replicaSet=rs0&authSource=admin";`,
      `  uri: mongodb://reader:${f.chars('b64url', 22)}@10.0.0.7/analytics`,
    ],
    ignores: () => [
      'mongodb+srv://<username>:<password>@cluster0.ab1cd.mongodb.net/',
      'mongodb+srv://api:<db_password>@cluster0.ab1cd.mongodb.net/',
      'mongodb://mongo:27017/app',
      'mongodb://root:example@mongo:27017/',
      'mongodb://admin:admin@localhost:27017',
    ],
  }),
  urlRule({
    id: 'redis-connection-url',
    title: 'Redis connection URL with password',
    schemes: String.raw`rediss?(?:\+[a-z]{1,20})?`,
    keywords: ['redis'],
    matches: (f) => [
      `REDIS_URL=rediss://default:${f.chars('aA0', 32)}@eu1-tops-tiger-12345.upstash.io:6379`,
      `redis.from_url("redis://:${pw(f)}@cache.internal:6379/0")`,
      `CELERY_BROKER_URL: redis://celery:${pw(f)}@redis-master:6379/1`,
    ],
    ignores: () => ['# redis://[[username]:[password]]@localhost:6379/0', 'redis://localhost:6379/0', 'redis://:${REDIS_PASSWORD}@redis:6379', 'redis://:redis@localhost:6379', 'redis://default:@cache:6379'],
  }),
  urlRule({
    id: 'amqp-connection-url',
    title: 'AMQP (RabbitMQ) connection URL with password',
    schemes: 'amqps?',
    keywords: ['amqp'],
    matches: (f) => [
      `CLOUDAMQP_URL=amqps://${f.chars('a', 8)}:${f.chars('aA0', 32)}@sparrow.rmq.cloudamqp.com/${f.chars('a', 8)}`,
      `BROKER_URL = "amqp://orders:${pw(f)}@rabbitmq.internal:5672/orders"`,
    ],
    ignores: () => ['amqp://guest:guest@localhost:5672/', 'amqp://rabbitmq:5672', 'amqps://user:%s@host/vhost'],
  }),
  urlRule({
    id: 'clickhouse-connection-url',
    title: 'ClickHouse connection URL with password',
    schemes: String.raw`clickhouses?(?:\+[a-z]{1,20})?`,
    keywords: ['clickhouse'],
    matches: (f) => [`CLICKHOUSE_URL=clickhouse://analytics:${pw(f)}@ch.internal:9000/events`, `"clickhouse+native://etl:${pw(f)}@10.2.0.4:9000/default"`],
    ignores: () => ['clickhouse://default:@localhost:9000/default', 'clickhouse://default:clickhouse@localhost:8123'],
  }),
  urlRule({
    id: 'cockroachdb-connection-url',
    title: 'CockroachDB connection URL with password',
    schemes: String.raw`cockroachdb(?:\+[a-z0-9_]{1,20})?`,
    keywords: ['cockroachdb'],
    matches: (f) => [`DATABASE_URL=cockroachdb://app:${pw(f)}@crdb.internal:26257/bank?sslmode=verify-full`, `create_engine("cockroachdb+psycopg2://svc:${pw(f)}@crdb:26257/defaultdb")`],
    ignores: () => ['cockroachdb://root@localhost:26257/defaultdb?sslmode=disable', 'cockroachdb://app:${CRDB_PASSWORD}@crdb:26257/bank'],
  }),
  urlRule({
    id: 'cassandra-connection-url',
    title: 'Cassandra connection URL with password',
    schemes: 'cassandra',
    keywords: ['cassandra'],
    matches: (f) => [`CASSANDRA_URL=cassandra://app:${pw(f)}@cass-0.internal:9042/keyspace1`, `"cassandra://reader:${pw(f)}@10.0.4.2"`],
    ignores: () => ['cassandra://cassandra:cassandra@localhost:9042', 'cassandra://cass-0.internal:9042/keyspace1'],
  }),
  urlRule({
    id: 'neo4j-connection-url',
    title: 'Neo4j connection URL with password',
    schemes: String.raw`neo4j(?:\+s|\+ssc)?|bolt(?:\+s|\+ssc)?`,
    keywords: ['neo4j', 'bolt'],
    matches: (f) => [`NEO4J_URI=neo4j+s://neo4j:${pw(f)}@${f.chars('hex', 8)}.databases.neo4j.io`, `driver = GraphDatabase.driver("bolt://app:${pw(f)}@graph.internal:7687")`],
    ignores: () => ['bolt://neo4j:neo4j@localhost:7687', 'neo4j+s://abcd1234.databases.neo4j.io', 'bolt://neo4j:test@localhost:7687'],
  }),
  {
    id: 'couchdb-connection-url',
    title: 'CouchDB URL with password',
    kind: 'database-credential',
    keywords: ['couchdb', ':5984'],
    // CouchDB is spoken over HTTP: a couchdb:// scheme, or an http(s) URL to its port 5984
    pattern: new RegExp(
      String.raw`(?<![\w+.:-])(?:couchdbs?|https?)://${URL_USER}:${URL_PASSWORD}(?:[\w.-]{1,253}:5984(?!\d)|(?<=couchdbs?://[^\s]{1,300}))`,
      'i',
    ),
    validate: realUrlPassword,
    samples: {
      matches: (f) => [`COUCHDB_URL=http://admin:${pw(f)}@couch.internal:5984/orders`, `nano("https://app:${pw(f)}@db.example-corp.net:5984")`, `couchdb://sync:${pw(f)}@couch:5984`],
      ignores: (f) => [
        'http://admin:password@localhost:5984',
        `https://app:${pw(f)}@api.example-corp.net:443/v1`,
        'http://admin:couchdb@127.0.0.1:5984/_utils',
      ],
    },
  },
  urlRule({
    id: 'snowflake-connection-url',
    title: 'Snowflake connection URL with password',
    schemes: 'snowflake',
    keywords: ['snowflake'],
    matches: (f) => [`SNOWFLAKE_URL=snowflake://loader:${pw(f)}@xy12345.eu-central-1/ANALYTICS/PUBLIC?warehouse=LOAD_WH`, `create_engine('snowflake://dbt:${pw(f)}@acme-prod/raw')`],
    ignores: () => ["create_engine('snowflake://{user}:{password}@{account}/')", 'snowflake://loader:${SNOWFLAKE_PASSWORD}@xy12345/ANALYTICS'],
  }),
  {
    id: 'jdbc-url-userinfo',
    title: 'JDBC URL with user:password',
    kind: 'database-credential',
    keywords: ['jdbc:'],
    pattern: new RegExp(String.raw`(?<![\w.-])jdbc:[a-z][a-z0-9]{1,20}(?::[a-z][a-z0-9-]{1,20}){0,2}://${URL_USER}:${URL_PASSWORD}`, 'i'),
    validate: realUrlPassword,
    samples: {
      matches: (f) => [
        `spring.datasource.url=jdbc:mysql://app:${pw(f)}@mysql.internal:3306/app?useSSL=true`,
        `String url = "jdbc:mariadb:replication://repl:${pw(f)}@db1,db2/app";`,
        `  url: jdbc:postgresql://svc:${pw(f)}@pg.internal:5432/app`,
      ],
      ignores: () => [
        'jdbc:mysql://localhost:3306/app',
        'jdbc:mysql://root:root@localhost:3306/app',
        'jdbc:mysql://app:${DB_PASSWORD}@mysql:3306/app',
        'jdbc:postgresql://db.internal:5432/app?user=app',
      ],
    },
  },
  {
    id: 'jdbc-url-password-param',
    title: 'JDBC URL with a password parameter',
    kind: 'database-credential',
    keywords: ['jdbc:'],
    // ?user=u&password=p (PostgreSQL, MySQL), ;user=u;password=p (SQL Server, DB2, Derby)
    pattern: new RegExp(
      String.raw`(?<![\w.-])jdbc:[a-z][a-z0-9]{1,20}:[^\s'"\x60<>]{0,400}?[?&;:](?:password|pwd)=(?<secret>[^\s&;'"\x60<>\\]{1,128})(?![^\s&;'"\x60<>\\])`,
      'i',
    ),
    validate: realUrlPassword,
    samples: {
      matches: (f) => [
        `jdbc:postgresql://pg.internal:5432/app?user=app&password=${pw(f)}&ssl=true`,
        `String url = "jdbc:sqlserver://sql.internal:1433;databaseName=orders;user=svc;password=${pw(f)};encrypt=true";`,
        `db.url=jdbc:db2://db2.internal:50000/SAMPLE:user=db2inst1;password=${pw(f)};`,
        `JDBC_URL="jdbc:mysql://mysql:3306/app?user=app&password=${pw(f)}"`,
      ],
      ignores: () => [
        'jdbc:postgresql://localhost/test?user=postgres&password=postgres',
        'jdbc:sqlserver://localhost;user=MyUserName;password=*****;',
        'jdbc:postgresql://pg:5432/app?user=app&password=${DB_PASSWORD}',
        'jdbc:sqlserver://sql.internal:1433;databaseName=orders;integratedSecurity=true',
      ],
    },
  },
  {
    id: 'jdbc-oracle-thin-password',
    title: 'Oracle JDBC thin URL with user/password',
    kind: 'database-credential',
    keywords: ['jdbc:oracle:'],
    pattern: /(?<![\w.-])jdbc:oracle:(?:thin|oci8?|kprb):(?<user>[\w$#]{1,128})\/(?!\k<user>@)(?<secret>[^\s@/'"\x60<>\\]{1,128})@/i,
    validate: realUrlPassword,
    samples: {
      matches: (f) => [
        `jdbc.url=jdbc:oracle:thin:billing/${pw(f)}@//ora.internal:1521/BILLPDB`,
        `String url = "jdbc:oracle:thin:app/${pw(f)}@ora-scan.internal:1521:ORCL";`,
      ],
      ignores: () => [
        'jdbc:oracle:thin:scott/tiger@localhost:1521:orcl',
        'jdbc:oracle:thin:@//ora.internal:1521/BILLPDB',
        'jdbc:oracle:thin:system/oracle@db:1521:XE',
      ],
    },
  },
  {
    id: 'adonet-connection-string-password',
    title: 'ADO.NET / ODBC connection string with password',
    kind: 'database-credential',
    keywords: ['password', 'pwd'],
    // Server=...;Database=...;User Id=...;Password=...; (the password after the server or user key)
    pattern:
      /(?<![\w])(?:Server|Data Source|Host|Address|Addr|Network Address|Initial Catalog|Database|User ID|UID|User|Username)[ \t]{0,2}=[^\r\n"'\x60]{0,240}?;[ \t]{0,2}(?:Password|Pwd)[ \t]{0,2}=[ \t]{0,2}(?<secret>[^;'"\x60\s]{1,128})(?![^;'"\x60\s])/i,
    validate: realUrlPassword,
    samples: {
      matches: (f) => [
        `"ConnectionStrings": { "Default": "Server=sql.internal;Database=Orders;User Id=orders_app;Password=${pw(f)};TrustServerCertificate=True" }`,
        `var cs = "Data Source=tcp:acme.database.windows.net,1433;Initial Catalog=crm;User ID=crm;Password=${pw(f)};Encrypt=True";`,
        `<add name="Main" connectionString="Driver={ODBC Driver 18 for SQL Server};Server=db01;Uid=report;Pwd=${pw(f)};" />`,
        `ConnectionStrings__Db=Host=pg.internal;Port=5432;Username=app;Password=${pw(f)}`,
      ],
      ignores: () => [
        '"Default": "Server=(localdb)\\\\mssqllocaldb;Database=aspnet;Trusted_Connection=True;"',
        'Host=localhost;Username=postgres;Password=postgres',
        'Server=db;Database=app;User Id=sa;Password=yourStrong(!)Password;',
        'Server=db;Database=app;User Id=app;Password={0};',
        'Server=db;Database=app;User Id=app;Password=$(DbPassword);',
        'Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;',
      ],
    },
  },
  {
    id: 'rails-database-yml-password',
    title: 'Rails database.yml password',
    kind: 'database-credential',
    keywords: ['password'],
    paths: /(?:^|\/)database\.ya?ml(?:\.erb)?$/,
    pattern: new RegExp(String.raw`(?<![\w-])password:[ \t]{1,4}${VALUE}`),
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        { path: 'config/database.yml', text: `production:\n  adapter: postgresql\n  database: shop_production\n  username: shop\n  password: ${pw(f, 14)}\n  host: db.internal\n` },
        { path: 'config/database.yml', text: `staging:\n  <<: *default\n  password: "${pw(f, 12)}"\n` },
      ],
      ignores: () => [
        { path: 'config/database.yml', text: 'production:\n  password: <%= ENV["DATABASE_PASSWORD"] %>\n' },
        { path: 'config/database.yml', text: 'development:\n  adapter: postgresql\n  username: postgres\n  password: postgres\n' },
        { path: 'config/database.yml', text: 'test:\n  password:\n' },
      ],
    },
  },
  {
    id: 'django-database-password',
    title: 'Django DATABASES password',
    kind: 'database-credential',
    keywords: ['password'],
    paths: /\.py$/,
    pattern: /(?<kq>["'])PASSWORD\k<kq>[ \t]{0,4}:[ \t]{0,4}(?<q>["'])(?<secret>[^\s"'\\]{6,128})\k<q>/,
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        {
          path: 'mysite/settings.py',
          text: `DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'mysite',\n        'USER': 'mysite',\n        'PASSWORD': '${pw(f, 14)}',\n        'HOST': 'db.internal',\n    }\n}\n`,
        },
        { path: 'settings/prod.py', text: `DATABASES["default"] = {"ENGINE": "django.db.backends.mysql", "PASSWORD": "${pw(f, 12)}"}` },
      ],
      ignores: () => [
        { path: 'settings.py', text: "        'PASSWORD': os.environ['DB_PASSWORD'],\n" },
        { path: 'settings.py', text: "        'PASSWORD': '',\n" },
        { path: 'settings.py', text: "        'PASSWORD': 'postgres',\n" },
        { path: 'settings.py', text: "        'PASSWORD': env('DATABASE_PASSWORD'),\n" },
      ],
    },
  },
  {
    id: 'spring-datasource-password',
    title: 'Spring / Quarkus datasource password',
    kind: 'database-credential',
    keywords: ['spring.datasource', 'spring.r2dbc', 'spring.flyway', 'spring.liquibase', 'quarkus.datasource', 'spring_datasource_password', 'spring_r2dbc_password', 'spring_flyway_password', 'spring_liquibase_password'],
    pattern: new RegExp(
      String.raw`(?<![\w.-])(?:(?:spring|quarkus)\.(?:datasource|r2dbc|flyway|liquibase)(?:\.[\w-]{1,40}){0,2}\.password|SPRING_(?:DATASOURCE|R2DBC|FLYWAY|LIQUIBASE)_PASSWORD)${ASSIGN}${VALUE}`,
      'i',
    ),
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        { path: 'src/main/resources/application.properties', text: `spring.datasource.url=jdbc:postgresql://pg.internal:5432/app\nspring.datasource.username=app\nspring.datasource.password=${pw(f, 14)}\n` },
        `quarkus.datasource.password=${pw(f, 12)}`,
        `    environment:\n      - SPRING_DATASOURCE_PASSWORD=${pw(f, 12)}`,
        `spring.flyway.password: "${pw(f, 12)}"`,
      ],
      ignores: (f) => [
        'spring.datasource.password=${DB_PASSWORD}',
        'spring.datasource.password=',
        `spring.datasource.password=ENC(${f.chars('b64', 32)})`,
        'spring.datasource.password=sa',
        'spring.datasource.password-file=/run/secrets/db',
        'spring.datasource.password=@db.password@',
      ],
    },
  },
  {
    id: 'spring-datasource-password-yaml',
    title: 'Spring datasource password (YAML)',
    kind: 'database-credential',
    keywords: ['datasource:'],
    // datasource:\n  url: ...\n  username: ...\n  password: ... (a direct child of the datasource block)
    pattern: new RegExp(String.raw`(?<![\w-])datasource:[ \t]{0,8}\r?\n(?<ind>[ \t]{1,40})(?:[^\r\n]{0,300}\r?\n\k<ind>){0,20}?password:[ \t]{1,4}${VALUE}`),
    multiline: true,
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        {
          path: 'src/main/resources/application.yml',
          text: `spring:\n  datasource:\n    url: jdbc:postgresql://pg.internal:5432/app\n    username: app\n    # rotated quarterly\n    password: ${pw(f, 14)}\n  jpa:\n    open-in-view: false\n`,
        },
        { path: 'application-prod.yaml', text: `spring:\n  datasource:\n    password: '${pw(f, 12)}'\n    username: app\n` },
      ],
      ignores: () => [
        { path: 'application.yml', text: 'spring:\n  datasource:\n    url: jdbc:h2:mem:test\n    username: sa\n    password: ${DB_PASSWORD}\n' },
        { path: 'application.yml', text: 'spring:\n  datasource:\n    url: jdbc:h2:mem:test\n  mail:\n    password: notTheDbPassword1\n' },
        { path: 'application.yml', text: 'spring:\n  datasource:\n    username: sa\n    password:\n' },
      ],
    },
  },
  {
    id: 'terraform-database-password',
    title: 'Terraform database resource password',
    kind: 'database-credential',
    keywords: [
      'aws_db_instance',
      'aws_rds_cluster',
      'aws_docdb_cluster',
      'aws_neptune_cluster',
      'aws_redshift',
      'google_sql_user',
      'azurerm_mssql_server',
      'azurerm_sql_server',
      'azurerm_postgresql',
      'azurerm_mysql',
      'azurerm_mariadb',
    ],
    // resource "aws_db_instance" "x" { ... password = "..." ... }: the attribute before the block's closing brace
    pattern: new RegExp(
      String.raw`resource[ \t]{1,4}"(?:aws_db_instance|aws_rds_cluster|aws_docdb_cluster|aws_neptune_cluster|aws_redshift_cluster|aws_redshiftserverless_namespace|google_sql_user|azurerm_(?:mssql|sql|postgresql|postgresql_flexible|mysql|mysql_flexible|mariadb)_server)"[ \t]{1,4}"[\w-]{1,100}"[ \t]{0,4}\{[^\r\n]{0,200}\r?\n(?:(?!\})[^\r\n]{0,400}\r?\n){0,80}?[ \t]{1,40}(?:master_|admin_user_|administrator_login_|administrator_)?password[ \t]{0,40}=[ \t]{0,8}"(?<secret>[^"\s\\]{6,128})"`,
    ),
    multiline: true,
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        {
          path: 'infra/rds.tf',
          text: `resource "aws_db_instance" "orders" {\n  identifier        = "orders"\n  engine            = "postgres"\n  instance_class    = "db.t3.micro"\n  allocated_storage = 20\n  username          = "orders"\n  password          = "${pw(f, 16)}"\n  skip_final_snapshot = true\n}\n`,
        },
        {
          path: 'aurora.tf',
          text: `resource "aws_rds_cluster" "main" {\n  engine          = "aurora-postgresql"\n  master_username = "admin"\n  master_password = "${pw(f, 16)}"\n}\n`,
        },
        {
          path: 'sql.tf',
          text: `resource "azurerm_mssql_server" "main" {\n  name                         = "crm-sql"\n  administrator_login          = "crmadmin"\n  administrator_login_password = "${pw(f, 16)}"\n}\n`,
        },
      ],
      ignores: (f) => [
        { path: 'rds.tf', text: 'resource "aws_db_instance" "orders" {\n  username = "orders"\n  password = var.db_password\n}\n' },
        { path: 'rds.tf', text: 'resource "aws_db_instance" "orders" {\n  password = "${var.db_password}"\n}\n' },
        { path: 'rds.tf', text: 'resource "aws_db_instance" "default" {\n  username = "foo"\n  password = "foobarbaz"\n}\n' },
        { path: 'rds.tf', text: `resource "aws_rds_cluster" "main" {\n  manage_master_user_password = true\n}\nresource "aws_iam_user" "x" {\n  password = "${pw(f, 16)}"\n}\n` },
      ],
    },
  },
  {
    id: 'cloudformation-db-master-password',
    title: 'CloudFormation database MasterUserPassword',
    kind: 'database-credential',
    keywords: ['masteruserpassword'],
    pattern: new RegExp(String.raw`(?<![\w-])MasterUserPassword${ASSIGN}${VALUE}`),
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        `  Database:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUsername: admin\n      MasterUserPassword: ${pw(f, 14)}\n`,
        `"MasterUserPassword": "${pw(f, 14)}",`,
      ],
      ignores: () => [
        '      MasterUserPassword: !Ref DBPassword',
        "      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'",
        '      "MasterUserPassword": {"Ref": "DBPassword"},',
        '      MasterUserPassword: !Sub "{{resolve:ssm-secure:/db/password:1}}"',
      ],
    },
  },
  {
    id: 'mysql-config-password',
    title: 'MySQL option file (my.cnf) password',
    kind: 'database-credential',
    keywords: ['password'],
    paths: /(?:^|\/)(?:\.my\.cnf|my\.cnf|my\.ini|\.my\.ini)$/,
    pattern: new RegExp(String.raw`(?<![\w-])password[ \t]{0,4}=[ \t]{0,4}${VALUE}`),
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        { path: '.my.cnf', text: `[client]\nuser=backup\npassword=${pw(f, 14)}\nhost=db.internal\n` },
        { path: 'etc/mysql/my.cnf', text: `[mysqldump]\npassword = "${pw(f, 12)}"\n` },
      ],
      ignores: () => [
        { path: '.my.cnf', text: '[client]\nuser=root\npassword=root\n' },
        { path: '.my.cnf', text: '[client]\npassword=\n' },
      ],
    },
  },
  {
    id: 'db-password-env',
    title: 'Database password variable (DB_PASSWORD)',
    kind: 'database-credential',
    keywords: [...PASSWORD_KEYWORDS, 'db_pass', 'dbpass', 'db-pass', 'database_pass', 'databasepass', 'database-pass', 'db_pwd', 'dbpwd', 'db-pwd'],
    pattern: namedPattern(DB_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: '.env', text: `DB_HOST=db.internal\nDB_USER=app\nDB_PASSWORD=${pw(f, 14)}\n` },
        { path: '.env.local', text: `export DATABASE_PASSWORD="${pw(f, 12)}"` },
        `const config = { dbPassword: '${pw(f, 12)}', dbUser: 'app' };`,
        `'DB_PASS' => '${pw(f, 10)}',`,
        { path: 'terraform.tfvars', text: `db_password = "${pw(f, 16)}"` },
        `APP_DB_ROOT_PASSWORD: ${pw(f, 12)}`,
      ],
      ignores: (f) => [
        'DB_PASSWORD=${DB_PASSWORD}',
        'DB_PASSWORD=',
        'const dbPassword = process.env.DB_PASSWORD;',
        "DB_PASSWORD = os.environ['DB_PASSWORD']",
        'DB_PASSWORD=changeme',
        'DB_PASSWORD=secret123',
        'DB_PASSWORD_FILE=/run/secrets/db_password',
        'dbPassword: string;',
        'DB_PASSWORD = config("DB_PASSWORD")',
        `DB_PASSWORD: "{{ vault_db_password }}"`,
        `MYDB_PASSWORD=${pw(f, 12)}`,
        'this.dbPassword = dbPassword;',
        'DB_PASSWORD: !vault |',
      ],
    },
  },
  {
    id: 'postgres-password-env',
    title: 'PostgreSQL password variable (POSTGRES_PASSWORD, PGPASSWORD)',
    kind: 'database-credential',
    keywords: PASSWORD_KEYWORDS,
    pattern: namedPattern(PG_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: 'docker-compose.yml', text: `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: ${pw(f, 14)}\n` },
        { path: 'Dockerfile', text: `RUN PGPASSWORD='${pw(f, 12)}' psql -h db.internal -U app app < dump.sql` },
        `docker run -e POSTGRES_PASSWORD=${pw(f, 12)} -d postgres`,
        `    - POSTGRESQL_POSTGRES_PASSWORD=${pw(f, 12)}`,
      ],
      ignores: () => [
        '      POSTGRES_PASSWORD: postgres',
        '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}',
        'docker run -e POSTGRES_PASSWORD=mysecretpassword -d postgres',
        '      POSTGRES_PASSWORD_FILE: /run/secrets/postgres-passwd',
        'PGPASSWORD=$DB_PASS psql -h db',
      ],
    },
  },
  {
    id: 'mysql-password-env',
    title: 'MySQL / MariaDB password variable (MYSQL_ROOT_PASSWORD, MYSQL_PWD)',
    kind: 'database-credential',
    keywords: [...PASSWORD_KEYWORDS, 'mysql_pwd', 'mysqlpwd', 'mysql-pwd', 'mariadb_pwd', 'mariadbpwd'],
    pattern: namedPattern(MYSQL_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: 'docker-compose.yml', text: `  mysql:\n    image: mysql:8\n    environment:\n      - MYSQL_ROOT_PASSWORD=${pw(f, 14)}\n      - MYSQL_DATABASE=shop\n` },
        `MYSQL_PWD=${pw(f, 12)} mysqldump -u backup shop > shop.sql`,
        { path: 'compose.yaml', text: `      MARIADB_PASSWORD: "${pw(f, 12)}"` },
      ],
      ignores: () => [
        'MYSQL_ROOT_PASSWORD: root',
        'docker run -e MYSQL_ROOT_PASSWORD=my-secret-pw -d mysql:tag',
        'MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}',
        'MYSQL_RANDOM_ROOT_PASSWORD: "yes"',
      ],
    },
  },
  {
    id: 'mongodb-password-env',
    title: 'MongoDB password variable (MONGO_INITDB_ROOT_PASSWORD)',
    kind: 'database-credential',
    keywords: PASSWORD_KEYWORDS,
    pattern: namedPattern(MONGO_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: 'docker-compose.yaml', text: `  mongo:\n    image: mongo:7\n    environment:\n      MONGO_INITDB_ROOT_USERNAME: admin\n      MONGO_INITDB_ROOT_PASSWORD: ${pw(f, 14)}\n` },
        `ME_CONFIG_MONGODB_ADMINPASSWORD=${pw(f, 12)}`,
        { path: '.env', text: `MONGODB_PASSWORD="${pw(f, 12)}"` },
      ],
      ignores: () => ['MONGO_INITDB_ROOT_PASSWORD: example', 'MONGO_INITDB_ROOT_PASSWORD: ${MONGO_ROOT_PASSWORD}', 'MONGO_INITDB_ROOT_PASSWORD_FILE: /run/secrets/mongo'],
    },
  },
  {
    id: 'redis-password-env',
    title: 'Redis password variable (REDIS_PASSWORD)',
    kind: 'database-credential',
    keywords: [...PASSWORD_KEYWORDS, 'redis_pass', 'redispass', 'redis-pass', 'redis_pwd', 'redis_auth_pass', 'redis_master_pass', 'redis_sentinel_pass'],
    pattern: namedPattern(REDIS_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: '.env.production', text: `REDIS_HOST=cache.internal\nREDIS_PASSWORD=${pw(f, 20)}\n` },
        { path: 'group_vars/all.yml', text: `redis_pass: "${pw(f, 12)}"` },
        `    - REDIS_PASSWORD=${pw(f, 16)}`,
      ],
      ignores: () => ['REDIS_PASSWORD=', 'REDIS_PASSWORD: ${REDIS_PASSWORD}', 'REDIS_PASSWORD=redis', 'ALLOW_EMPTY_PASSWORD=yes'],
    },
  },
  {
    id: 'rabbitmq-password-env',
    title: 'RabbitMQ password variable (RABBITMQ_DEFAULT_PASS)',
    kind: 'database-credential',
    keywords: ['rabbitmq'],
    pattern: namedPattern(RABBIT_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: 'docker-compose.yml', text: `  rabbitmq:\n    image: rabbitmq:3-management\n    environment:\n      RABBITMQ_DEFAULT_USER: orders\n      RABBITMQ_DEFAULT_PASS: ${pw(f, 14)}\n` },
        { path: 'deploy/.env', text: `RABBITMQ_PASSWORD="${pw(f, 12)}"` },
      ],
      ignores: () => ['RABBITMQ_DEFAULT_PASS: guest', 'RABBITMQ_DEFAULT_PASS: ${RABBITMQ_PASS}', 'RABBITMQ_DEFAULT_PASS_FILE: /run/secrets/rabbit'],
    },
  },
  {
    id: 'mssql-sa-password-env',
    title: 'SQL Server password variable (MSSQL_SA_PASSWORD)',
    kind: 'database-credential',
    keywords: ['sa_password', 'mssql', 'sqlserver'],
    pattern: namedPattern(MSSQL_NAME),
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        { path: 'docker-compose.yml', text: `  sql:\n    image: mcr.microsoft.com/mssql/server:2022-latest\n    environment:\n      ACCEPT_EULA: "Y"\n      MSSQL_SA_PASSWORD: "${pw(f, 14)}!"\n` },
        `docker run -e "ACCEPT_EULA=Y" -e "SA_PASSWORD=${pw(f, 14)}" -p 1433:1433 mcr.microsoft.com/mssql/server`,
      ],
      ignores: () => [
        'MSSQL_SA_PASSWORD: "yourStrong(!)Password"',
        'docker run -e "ACCEPT_EULA=Y" -e "MSSQL_SA_PASSWORD=<YourStrong@Passw0rd>" -p 1433:1433 mcr.microsoft.com/mssql/server',
        'SA_PASSWORD: ${SA_PASSWORD}',
      ],
    },
  },
  {
    id: 'neo4j-auth-env',
    title: 'Neo4j NEO4J_AUTH user/password',
    kind: 'database-credential',
    keywords: ['neo4j_auth'],
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9])NEO4J_AUTH${ASSIGN}(?<q>["']?)[\w.-]{1,64}\/(?<secret>[^\s"'\x60\\;,]{6,128})\k<q>(?=[\s;,)}\]]|$)`, 'i'),
    validate: realFieldPassword,
    samples: {
      matches: (f) => [`    environment:\n      NEO4J_AUTH: neo4j/${pw(f, 14)}\n`, `docker run -e NEO4J_AUTH=neo4j/${pw(f, 12)} neo4j:5`],
      ignores: () => ['NEO4J_AUTH: none', 'NEO4J_AUTH=neo4j/password', 'NEO4J_AUTH: neo4j/${NEO4J_PASSWORD}', 'NEO4J_AUTH=neo4j/test'],
    },
  },
  {
    id: 'kubernetes-env-db-password',
    title: 'Database password in a Kubernetes env entry',
    kind: 'database-credential',
    keywords: [...PASSWORD_KEYWORDS, 'db_pass', 'dbpass', 'database_pass', 'db_pwd', 'mysql_pwd', 'redis_pass', 'rabbitmq'],
    // - name: POSTGRES_PASSWORD\n  value: "..."
    pattern: new RegExp(
      String.raw`-[ \t]{1,4}name:[ \t]{0,4}(?<nq>["']?)(?<![A-Za-z0-9])(?:${[DB_NAME, PG_NAME, MYSQL_NAME, MONGO_NAME, REDIS_NAME, RABBIT_NAME, MSSQL_NAME].join('|')})\k<nq>[ \t]{0,8}\r?\n[ \t]{0,40}value:[ \t]{0,4}${VALUE}`,
      'i',
    ),
    multiline: true,
    minEntropy: NAMED_MIN_ENTROPY,
    validate: realNamedPassword,
    samples: {
      matches: (f) => [
        {
          path: 'k8s/deployment.yaml',
          text: `      containers:\n        - name: api\n          env:\n            - name: DB_HOST\n              value: pg.internal\n            - name: DB_PASSWORD\n              value: "${pw(f, 14)}"\n`,
        },
        { path: 'charts/db/templates/sts.yaml', text: `          env:\n          - name: POSTGRES_PASSWORD\n            value: ${pw(f, 12)}\n` },
      ],
      ignores: () => [
        '            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db\n                  key: password\n',
        '            - name: POSTGRES_PASSWORD\n              value: postgres\n',
        '            - name: DB_PASSWORD\n              value: "{{ .Values.db.password }}"\n',
      ],
    },
  },
  {
    id: 'redis-config-requirepass',
    title: 'Redis requirepass / masterauth',
    kind: 'database-credential',
    keywords: ['requirepass', 'masterauth'],
    pattern: new RegExp(String.raw`(?<![\w-])(?:--)?(?:requirepass|masterauth)[ \t]{1,4}${VALUE}`, 'i'),
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        { path: 'redis.conf', text: `bind 0.0.0.0\nport 6379\nrequirepass ${pw(f, 20)}\n` },
        `    command: redis-server --appendonly yes --requirepass "${pw(f, 16)}"`,
        `masterauth ${pw(f, 16)}`,
      ],
      ignores: () => ['# requirepass foobared', 'command: redis-server --requirepass ${REDIS_PASSWORD}', 'requirepass yes'],
    },
  },
  {
    id: 'mysql-cli-password',
    title: 'Password on a mysql command line (-p / --password=)',
    kind: 'database-credential',
    keywords: ['mysql'],
    // -p is followed by the password without a space (`-p pass` would prompt); -P is the port
    pattern: /(?<![\w-])mysql(?:dump|admin|import|check|sh|slap|pump)?(?:\.exe)?[ \t][^\r\n|;&]{0,200}?[ \t](?:-p|--password=)(?<q>["']?)(?<secret>[^\s"'\x60\\;|&]{6,128})\k<q>(?=[\s;|&)]|$)/,
    validate: realFieldPassword,
    samples: {
      matches: (f) => [
        `mysqldump -h db.internal -u backup -p${pw(f, 14)} --single-transaction shop > shop.sql`,
        `mysql -u app --password='${pw(f, 12)}' -e "SHOW TABLES" app`,
        `RUN mysql -uroot -p"${pw(f, 12)}" < /tmp/schema.sql`,
      ],
      ignores: () => [
        'mysql -u root -p app',
        'mysql -h db -P 3306 -u app -p',
        'mysql -u root -p"$MYSQL_ROOT_PASSWORD" app',
        'mysql -uroot -proot',
        'mysqladmin --protocol=tcp ping',
      ],
    },
  },
  {
    id: 'redis-cli-password',
    title: 'Password on a redis-cli command line (-a)',
    kind: 'database-credential',
    keywords: ['redis-cli'],
    pattern: /(?<![\w-])redis-cli(?:\.exe)?[ \t][^\r\n|;&]{0,200}?(?<=[ \t])(?:-a|--pass)[ \t]{1,4}(?<q>["']?)(?<secret>[^\s"'\x60\\;|&]{6,128})\k<q>(?=[\s;|&)]|$)/,
    validate: realFieldPassword,
    samples: {
      matches: (f) => [`redis-cli -h cache.internal -p 6379 -a ${pw(f, 20)} --no-auth-warning ping`, `  test: ["CMD-SHELL", "redis-cli -a '${pw(f, 16)}' ping"]`],
      ignores: () => ['redis-cli -a "$REDIS_PASSWORD" ping', 'redis-cli -h cache -p 6379 ping', 'redis-cli -a foobared ping'],
    },
  },
];

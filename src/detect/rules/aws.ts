/**
 * AWS: access key IDs of every credential prefix, the secret access key and session token beside
 * them, and the few other AWS-issued secrets. Key IDs are 20 characters: a 4-letter prefix that says
 * what the key is, then 16 of base32 (A-Z, 2-7).
 */
import type { Rule } from '../rule.js';

/** Prefixes of credential key IDs: long-term (AKIA), temporary STS (ASIA), bearer (ABIA), context (ACCA), legacy (A3T*). */
const KEY_ID = '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}';
const KEY_ID_KEYWORDS = ['akia', 'asia', 'abia', 'acca', 'a3t'];

/** Names under which the secret access key is written in config, code and CLI files. */
const SECRET_NAME = String.raw`(?:aws_?)?secret_?access_?key(?:_?id)?|aws_?secret(?:_?key)?|secretkey|aws-secret-access-key`;
const ASSIGN = String.raw`["']?\s{0,4}(?:[:=]|=>|:=|,)\s{0,4}["']?`;

export const AWS_RULES: readonly Rule[] = [
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    kind: 'aws-access-key',
    keywords: KEY_ID_KEYWORDS,
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9/+])${KEY_ID}(?![A-Za-z0-9/+])`),
    samples: {
      matches: (f) => [
        `aws_access_key_id = AKIA${f.chars('A', 16)}`,
        `const keyId = "ASIA${f.chars('A', 16)}";`,
        `AWS_ACCESS_KEY_ID: ABIA${f.chars('A', 16)}`,
        `"AccessKeyId": "ACCA${f.chars('A', 16)}"`,
        `key=A3TX${f.chars('A', 16)}`,
      ],
      ignores: (f) => [
        'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
        `role id AROA${f.chars('A', 16)} is an identifier, not a key`,
        `too short AKIA${f.chars('A', 12)}`,
        `inside a longer token xAKIA${f.chars('A', 16)}`,
        `lowercase akia${f.chars('a', 16)}`,
      ],
    },
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    kind: 'aws-access-key',
    keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'awssecret', 'secretkey'],
    pattern: new RegExp(String.raw`(?:${SECRET_NAME})${ASSIGN}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'i'),
    minEntropy: 4.2,
    samples: {
      matches: (f) => [
        `aws_secret_access_key = ${f.chars('b64', 40)}`,
        `AWS_SECRET_ACCESS_KEY="${f.chars('b64', 40)}"`,
        `"SecretAccessKey": "${f.chars('b64', 40)}"`,
        `secretKey: '${f.chars('b64', 40)}',`,
      ],
      ignores: (f) => [
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}',
        `aws_secret_access_key = ${'a'.repeat(40)}`,
        `aws_secret_access_key = ${f.chars('b64', 30)}`,
      ],
    },
  },
  {
    id: 'aws-secret-access-key-beside-id',
    title: 'AWS secret access key (next to its key ID)',
    kind: 'aws-access-key',
    keywords: KEY_ID_KEYWORDS,
    // new Credentials("AKIA...", "secret"), key pairs in CSV exports, CLI arguments
    pattern: new RegExp(String.raw`${KEY_ID}["']?[ \t]{0,4}[,:;|= \t][ \t]{0,4}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`),
    minEntropy: 4.2,
    samples: {
      matches: (f) => [
        `new AWS.Credentials("AKIA${f.chars('A', 16)}", "${f.chars('b64', 40)}")`,
        `deploy,AKIA${f.chars('A', 16)},${f.chars('b64', 40)}`,
      ],
      ignores: (f) => [`AKIA${f.chars('A', 16)}, ${'ab'.repeat(20)}`, `AKIA${f.chars('A', 16)}, "${f.chars('b64', 41)}"`],
    },
  },
  {
    id: 'aws-session-token',
    title: 'AWS session token',
    kind: 'aws-access-key',
    keywords: ['session_token', 'sessiontoken', 'security_token', 'securitytoken', 'session-token'],
    pattern: new RegExp(
      String.raw`(?:aws_?)?(?:session|security)[_-]?token${ASSIGN}(?<secret>[A-Za-z0-9/+]{100,2000}={0,2})(?![A-Za-z0-9/+=])`,
      'i',
    ),
    minEntropy: 4.5,
    samples: {
      matches: (f) => [
        `aws_session_token = ${f.chars("b64", 300)}`,
        `"SessionToken": "${f.chars("b64", 200)}"`,
      ],
      ignores: (f) => ['aws_session_token = ${AWS_SESSION_TOKEN}', `session_token = ${f.chars('b64', 40)}`],
    },
  },
  {
    id: 'aws-session-token-value',
    title: 'AWS session token (by its prefix)',
    kind: 'aws-access-key',
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdze'],
    // STS tokens start with base64 of their own version header; recognisable without a name.
    pattern: /(?<![A-Za-z0-9/+])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+]{100,2000}={0,2}(?![A-Za-z0-9/+=])/,
    samples: {
      matches: (f) => [`token: "IQoJb3JpZ2luX2Vj${f.chars('b64', 400)}"`, `FwoGZXIvYXdzE${f.chars('b64', 150)}`],
      ignores: (f) => [`IQoJb3JpZ2luX2Vj${f.chars('b64', 20)}`],
    },
  },
  {
    id: 'aws-mws-auth-token',
    title: 'Amazon Marketplace Web Service auth token',
    kind: 'api-key',
    keywords: ['amzn.mws.'],
    pattern: /amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
    samples: {
      matches: (f) => [
        `mws_token = "amzn.mws.${f.chars('hex', 8)}-${f.chars('hex', 4)}-${f.chars('hex', 4)}-${f.chars('hex', 4)}-${f.chars('hex', 12)}"`,
      ],
      ignores: () => ['amzn.mws.notatoken'],
    },
  },
  {
    id: 'aws-bedrock-api-key',
    title: 'Amazon Bedrock long-term API key',
    kind: 'api-key',
    keywords: ['absk'],
    pattern: /(?<![A-Za-z0-9/+])ABSK[A-Za-z0-9/+]{100,200}={0,2}(?![A-Za-z0-9/+=])/,
    samples: {
      matches: (f) => [`AWS_BEARER_TOKEN_BEDROCK=ABSK${f.chars('b64', 128)}`],
      ignores: (f) => [`ABSK${f.chars('b64', 20)}`],
    },
  },
];

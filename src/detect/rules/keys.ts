/**
 * Private keys: PEM blocks of every private-key label (PKCS#1 RSA, SEC1 EC, DSA, OpenSSH, PKCS#8,
 * encrypted PKCS#8 and legacy encrypted PEM), PGP secret key blocks, PuTTY and SSH2 (ssh.com) key
 * files, keys carried inside escaped strings (JSON, YAML double quotes, code) or base64-encoded whole
 * (Kubernetes secrets, kubeconfig), and the key formats of OpenVPN, age and WireGuard.
 *
 * A finding is the whole block, from its BEGIN line to its END line; the engine reports it at the
 * BEGIN line. Blocks are found where they are indented (YAML block scalars, heredocs, triple-quoted
 * strings) and where their line breaks were flattened to spaces or removed (environment variables).
 * Public keys, certificates, certificate requests, truncated or elided bodies (`MII...`, `<key>`) and
 * prose that names a header are not findings: the body must be base64 of a key's length and entropy.
 */
import type { Fake, Rule } from '../rule.js';
import { isBase64, isPemKeyBlock, shannonEntropy } from '../validators.js';
import { escapedNewlines } from './patterns.js';

/** A base64 chunk (one line of a block) and the white space between chunks: a line break and the next line's indentation, or spaces. */
const B64 = '[A-Za-z0-9+/=]';
const WS = String.raw`[ \t\r\n]`;
/**
 * The body of a block: up to 256 chunks of up to 4 KB (a block of 64-character lines, or one long line
 * where the breaks were removed). The engine's 32 KB window bounds the whole.
 */
const BODY = `${WS}{0,64}(?:${B64}{1,4096}${WS}{1,64}){0,255}${B64}{1,4096}${WS}{0,64}`;
/** Armor headers (PGP `Version:`, `Comment:`; SSH2 `Comment:`), each on a line of its own after the BEGIN line. */
const HEADERS = String.raw`(?:[ \t]{0,8}\r?\n[ \t]{0,64}(?:[A-Za-z][A-Za-z0-9-]{0,30}:[ \t][^\r\n]{0,300}\r?\n[ \t]{0,64}){1,10})?`;

/** Words that mark a body as a placeholder; short ones ("fake", "xxxx") would hit random base64 too often. */
const BODY_PLACEHOLDER = /example|sample|dummy|placeholder|redacted|notreal|fakekey|x{8}|(.)\1{23}/i;

/**
 * The base64 tokens of a key block: BEGIN/END markers, armor headers (Proc-Type, DEK-Info, Version,
 * Comment) and a PGP checksum line removed, escaped line breaks (`\n`, `\\n`) undone.
 */
function bodyTokens(block: string): string[] {
  const text = block
    .replace(/\\{1,2}r/g, '')
    .replace(/\\{1,2}n/g, '\n')
    .replace(/^-{4,5} ?BEGIN [^\r\n]{1,60}? ?-{4,5}/, '\n')
    .replace(/-{4,5} ?END [^\r\n]{1,60}? ?-{4,5}$/, '\n');
  const tokens: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^[A-Za-z][A-Za-z0-9-]*:\s/.test(trimmed)) continue;
    for (const token of trimmed.split(/\s+/)) if (token !== '' && !/^=[A-Za-z0-9+/]{4}$/.test(token)) tokens.push(token);
  }
  return tokens;
}

/**
 * A key block's body is real-shaped: base64 of at least 44 characters (an Ed25519 PKCS#8 key is 48),
 * with a key's entropy, in chunks the length of lines rather than words of prose, and no placeholder.
 */
function hasKeyBody(block: string): boolean {
  const tokens = bodyTokens(block);
  if (tokens.length === 0) return false;
  for (let i = 0; i < tokens.length - 1; i++) if (tokens[i]!.length < 16) return false;
  const joined = tokens.join('');
  if (BODY_PLACEHOLDER.test(joined)) return false;
  return isPemKeyBlock(`-----BEGIN KEY-----\n${tokens.join('\n')}\n-----END KEY-----`, 44);
}

/** A PEM block with one label, plain or indented, with the body on lines, on one line, or split by spaces. */
function pem(label: string): RegExp {
  return new RegExp(`-----BEGIN ${label}-----${BODY}-----END ${label}-----`);
}

/** Indents every line of a block, as a YAML block scalar (`key: |`) does. */
const indent = (block: string, by: string) => block.split('\n').map((l) => by + l).join('\n');

const BEGIN = '-----BEGIN ';
const END = '-----END ';

/** A PuTTY .ppk file (format 2 or 3), RSA, optionally encrypted. */
function puttyKey(f: Fake, version: 2 | 3, encrypted = false): string {
  const lines = [`PuTTY-User-Key-File-${version}: ssh-rsa`, `Encryption: ${encrypted ? 'aes256-cbc' : 'none'}`];
  if (version === 3 && encrypted) {
    lines.push('Key-Derivation: Argon2id', 'Argon2-Memory: 8192', 'Argon2-Passes: 13', 'Argon2-Parallelism: 1');
    lines.push(`Argon2-Salt: ${f.chars('hex', 32)}`);
  }
  lines.push('Comment: rsa-key-20260101', 'Public-Lines: 6', 'AAAAB3NzaC1yc2EAAAADAQABAAABAQ' + f.chars('b64', 34));
  for (let i = 0; i < 4; i++) lines.push(f.chars('b64', 64));
  lines.push(f.chars('b64', 20) + '==');
  lines.push('Private-Lines: 14');
  for (let i = 0; i < 13; i++) lines.push(f.chars('b64', 64));
  lines.push(f.chars('b64', 40) + '==');
  lines.push(`Private-MAC: ${f.chars('hex', version === 2 ? 40 : 64)}`);
  return lines.join('\n');
}

/** The private lines of a PuTTY key: base64 of a key's length and entropy. */
function hasPuttyPrivateBody(file: string): boolean {
  const lines = file.split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith('Private-Lines:'));
  if (at === -1) return false;
  const count = Number(lines[at]!.slice('Private-Lines:'.length).trim());
  const body = lines.slice(at + 1, at + 1 + count).map((l) => l.trim());
  if (body.length !== count || body.some((l) => l.startsWith('Private-'))) return false;
  const joined = body.join('');
  return joined.length >= 40 && isBase64(joined) && shannonEntropy(joined) > 3.5 && !BODY_PLACEHOLDER.test(joined);
}

/** An ssh.com (SSH2) private key file: four dashes and spaces around its markers. */
function ssh2Key(f: Fake, comment = true): string {
  const body = ['P2/56w' + f.chars('b64', 64 - 6)];
  for (let i = 0; i < 10; i++) body.push(f.chars('b64', 64));
  body.push(f.chars('b64', 32) + '==');
  const label = 'SSH2 ENCRYPTED PRIVATE KEY';
  return [`---- BEGIN ${label} ----`, ...(comment ? ['Comment: "rsa-key-20260101"'] : []), ...body, `---- END ${label} ----`].join('\n');
}

/** Labels of the PEM blocks the base64-encoded rule finds, by the base64 of `-----BEGIN <label>` (from its 15th character). */
const ENCODED_LABELS = [
  'SU0EgUFJJVkFURSBLRVkt', // RSA PRIVATE KEY
  'FQyBQUklWQVRFIEtFWS0t', // EC PRIVATE KEY
  'EU0EgUFJJVkFURSBLRVkt', // DSA PRIVATE KEY
  'PUEVOU1NIIFBSSVZBVEUgS0VZLS0t', // OPENSSH PRIVATE KEY
  'QUklWQVRFIEtFWS0t', // PRIVATE KEY
  'FTkNSWVBURUQgUFJJVkFURSBLRVkt', // ENCRYPTED PRIVATE KEY
  'QR1AgUFJJVkFURSBLRVkgQkxPQ0st', // PGP PRIVATE KEY BLOCK
];

/** Labels of the escaped form: every private-key label of the PEM rules. */
const ESCAPED_LABEL = '(?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY|PGP PRIVATE KEY BLOCK';
/** A line break written as an escape in a string: `\n`, `\r\n`, or doubly escaped (JSON inside a JSON string). */
const ESC_NL = String.raw`(?:\\{1,2}r)?\\{1,2}n`;
const ESC_GAP = String.raw`(?:${ESC_NL}|[ \t])`;

/** The age bech32 alphabet (upper case, as age writes secret keys). */
const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
const bech32 = (f: Fake, n: number) =>
  [...f.chars('A0', n)].map((c, i) => (BECH32.includes(c) ? c : BECH32[(c.charCodeAt(0) + i) % 32]!)).join('');

/** A WireGuard key: 32 bytes in base64, so 43 characters (the last one of 16) and one `=`. */
const wgKey = (f: Fake) => f.chars('b64', 42) + 'AEIMQUYcgkosw048'[f.chars('0', 1).charCodeAt(0) % 16]! + '=';

export const KEY_RULES: readonly Rule[] = [
  {
    id: 'private-key-rsa',
    title: 'RSA private key (PKCS#1 PEM)',
    kind: 'private-key',
    keywords: ['begin rsa private key'],
    pattern: pem('RSA PRIVATE KEY'),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        f.pem('RSA PRIVATE KEY', 25),
        { path: 'deploy/id_rsa', text: f.pem('RSA PRIVATE KEY', 12) + '\n' },
        `tls:\n  key: |\n${indent(f.pem('RSA PRIVATE KEY', 12), '    ')}\n  cert: ./cert.pem\n`,
        `KEY = """${f.pem('RSA PRIVATE KEY', 12)}"""`,
        // line breaks flattened, as when a key is pasted into an environment variable
        `SSH_KEY="${f.pem('RSA PRIVATE KEY', 8).split('\n').join(' ')}"`,
        f.pem('RSA PRIVATE KEY', 12).split('\n').join('\r\n'),
      ],
      ignores: (f) => [
        f.pem('RSA PUBLIC KEY', 6),
        f.pem('CERTIFICATE', 12),
        `${BEGIN}RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n${END}RSA PRIVATE KEY-----`,
        `${BEGIN}RSA PRIVATE KEY-----\n<your private key>\n${END}RSA PRIVATE KEY-----`,
        `Paste the key, from ${BEGIN}RSA PRIVATE KEY----- to ${END}RSA PRIVATE KEY-----, into the field.`,
        // a BEGIN line without its END (a truncated paste)
        f.pem('RSA PRIVATE KEY', 12).split('\n').slice(0, 8).join('\n'),
        `${BEGIN}RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n${END}RSA PRIVATE KEY-----`,
        `${BEGIN}RSA PRIVATE KEY-----\n${'A'.repeat(64)}\n${'A'.repeat(64)}\n${END}RSA PRIVATE KEY-----`,
        // the END of another label
        f.pem('RSA PRIVATE KEY', 12).replace(`${END}RSA`, `${END}EC`),
      ],
    },
  },
  {
    id: 'private-key-ec',
    title: 'EC private key (SEC1 PEM)',
    kind: 'private-key',
    keywords: ['begin ec private key'],
    pattern: pem('EC PRIVATE KEY'),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        f.pem('EC PRIVATE KEY', 3),
        `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${f.pem('EC PRIVATE KEY', 3)}\n`,
        { path: 'certs/server.key', text: f.pem('EC PRIVATE KEY', 4) },
      ],
      ignores: (f) => [
        f.pem('PUBLIC KEY', 2),
        `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----`,
        `${BEGIN}EC PRIVATE KEY-----\nMHcCAQEE...\n${END}EC PRIVATE KEY-----`,
      ],
    },
  },
  {
    id: 'private-key-dsa',
    title: 'DSA private key (PEM)',
    kind: 'private-key',
    keywords: ['begin dsa private key'],
    pattern: pem('DSA PRIVATE KEY'),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [f.pem('DSA PRIVATE KEY', 11), { path: '.ssh/id_dsa', text: f.pem('DSA PRIVATE KEY', 11) + '\n' }],
      ignores: (f) => [`${BEGIN}DSA PRIVATE KEY-----\n...\n${END}DSA PRIVATE KEY-----`, f.pem('DSA PUBLIC KEY', 8)],
    },
  },
  {
    id: 'private-key-openssh',
    title: 'OpenSSH private key',
    kind: 'private-key',
    keywords: ['begin openssh private key'],
    pattern: pem('OPENSSH PRIVATE KEY'),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        { path: '.ssh/id_ed25519', text: f.pem('OPENSSH PRIVATE KEY', 7) + '\n' },
        `    steps:\n      - run: |\n          cat > ~/.ssh/id_ed25519 <<'EOF'\n${indent(f.pem('OPENSSH PRIVATE KEY', 7), '          ')}\n          EOF\n`,
      ],
      ignores: (f) => [
        `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${f.chars('b64', 43)} deploy@ci`,
        `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${f.chars('b64', 340)} user@host`,
        `${BEGIN}OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA...\n${END}OPENSSH PRIVATE KEY-----`,
      ],
    },
  },
  {
    id: 'private-key-pkcs8',
    title: 'Private key (PKCS#8 PEM)',
    kind: 'private-key',
    keywords: ['begin private key'],
    pattern: pem('PRIVATE KEY'),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        f.pem('PRIVATE KEY', 26),
        // an Ed25519 key is 48 characters of base64
        `${BEGIN}PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI${f.chars('b64', 27)}\n${END}PRIVATE KEY-----\n`,
        `const key = \`${f.pem('PRIVATE KEY', 26)}\`;`,
      ],
      ignores: (f) => [
        f.pem('PUBLIC KEY', 6),
        f.pem('CERTIFICATE REQUEST', 14),
        `${BEGIN}PRIVATE KEY-----\nMII...\n${END}PRIVATE KEY-----`,
        `# Replace with your key:\n# ${BEGIN}PRIVATE KEY-----\n# ${END}PRIVATE KEY-----`,
        `${BEGIN}PRIVATE KEY-----\n${'EXAMPLEKEY'.repeat(12)}\n${END}PRIVATE KEY-----`,
      ],
    },
  },
  {
    id: 'private-key-pkcs8-encrypted',
    title: 'Encrypted private key (PKCS#8 PEM)',
    kind: 'private-key',
    keywords: ['begin encrypted private key'],
    pattern: pem('ENCRYPTED PRIVATE KEY'),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [f.pem('ENCRYPTED PRIVATE KEY', 27), `key: |\n${indent(f.pem('ENCRYPTED PRIVATE KEY', 27), '  ')}\n`],
      ignores: (f) => [`${BEGIN}ENCRYPTED PRIVATE KEY-----\n${f.chars('b64', 20)}\n${END}ENCRYPTED PRIVATE KEY-----`, f.pem('ENCRYPTED PUBLIC KEY', 6)],
    },
  },
  {
    id: 'private-key-pem-encrypted',
    title: 'Encrypted private key (legacy PEM, Proc-Type/DEK-Info)',
    kind: 'private-key',
    keywords: ['begin rsa private key', 'begin ec private key', 'begin dsa private key'],
    pattern: new RegExp(
      String.raw`-----BEGIN (?<label>RSA|EC|DSA) PRIVATE KEY-----[ \t]{0,8}\r?\n[ \t]{0,64}Proc-Type:[ \t]{0,4}4,ENCRYPTED[ \t]{0,8}\r?\n[ \t]{0,64}DEK-Info:[ \t]{0,4}[A-Za-z0-9-]{3,40},[0-9A-Fa-f]{8,64}${BODY}-----END \k<label> PRIVATE KEY-----`,
    ),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        f.pem('RSA PRIVATE KEY', 25, ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-128-CBC,${f.chars('HEX', 32)}`]),
        f.pem('EC PRIVATE KEY', 4, ['Proc-Type: 4,ENCRYPTED', `DEK-Info: DES-EDE3-CBC,${f.chars('HEX', 16)}`]),
        `ssl:\n  key: |\n${indent(f.pem('RSA PRIVATE KEY', 25, ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-256-CBC,${f.chars('HEX', 32)}`]), '    ')}\n`,
      ],
      ignores: (f) => [
        `${BEGIN}RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${f.chars('HEX', 32)}\n\n...\n${END}RSA PRIVATE KEY-----`,
        `${BEGIN}RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${f.chars('HEX', 32)}\n${END}RSA PRIVATE KEY-----`,
      ],
    },
  },
  {
    id: 'private-key-pgp',
    title: 'PGP private key block',
    kind: 'private-key',
    keywords: ['begin pgp private key block'],
    pattern: new RegExp(`-----BEGIN PGP PRIVATE KEY BLOCK-----${HEADERS}${BODY}-----END PGP PRIVATE KEY BLOCK-----`),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        f.pem('PGP PRIVATE KEY BLOCK', 40, ['Version: GnuPG v2', 'Comment: release signing key']).replace(
          /\n(-----END)/,
          `\n=${f.chars('b64', 4)}\n$1`,
        ),
        f.pem('PGP PRIVATE KEY BLOCK', 30),
        `GPG_KEY: |\n${indent(f.pem('PGP PRIVATE KEY BLOCK', 30, ['Comment: https://keys.openpgp.org']), '  ')}\n`,
      ],
      ignores: (f) => [
        f.pem('PGP PUBLIC KEY BLOCK', 30, ['Version: GnuPG v2']),
        f.pem('PGP SIGNATURE', 6),
        `${BEGIN}PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF...\n=abcd\n${END}PGP PRIVATE KEY BLOCK-----`,
      ],
    },
  },
  {
    id: 'private-key-putty',
    title: 'PuTTY private key file',
    kind: 'private-key',
    keywords: ['putty-user-key-file-'],
    pattern: new RegExp(
      String.raw`PuTTY-User-Key-File-[1-3]:[ \t]{0,4}[\w@.-]{3,64}[ \t]{0,8}\r?\n(?:[A-Za-z][A-Za-z0-9-]{0,30}:[ \t]{0,4}[^\r\n]{0,300}\r?\n){1,12}(?:${B64}{1,128}[ \t]{0,8}\r?\n){1,64}Private-Lines:[ \t]{0,4}\d{1,3}[ \t]{0,8}\r?\n(?:${B64}{1,128}[ \t]{0,8}\r?\n){1,200}Private-(?:MAC|Hash):[ \t]{0,4}[0-9a-fA-F]{40,64}`,
    ),
    multiline: true,
    validate: hasPuttyPrivateBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        { path: 'keys/deploy.ppk', text: puttyKey(f, 2) + '\n' },
        { path: 'deploy.ppk', text: puttyKey(f, 3, true) },
        puttyKey(f, 3).split('\n').join('\r\n'),
      ],
      ignores: (f) => [
        puttyKey(f, 2).replace(/Private-Lines: 14\n[^]*?\nPrivate-MAC/, 'Private-Lines: 1\n...\nPrivate-MAC'),
        'The file starts with PuTTY-User-Key-File-3: and holds Public-Lines and Private-Lines.',
        puttyKey(f, 2).replace(/Private-Lines: 14\n[^]*?\nPrivate-MAC/, `Private-Lines: 2\n${'A'.repeat(64)}\n${'A'.repeat(20)}==\nPrivate-MAC`),
      ],
    },
  },
  {
    id: 'private-key-ssh2',
    title: 'SSH2 (ssh.com) private key',
    kind: 'private-key',
    keywords: ['begin ssh2 encrypted private key', 'begin ssh2 private key'],
    pattern: new RegExp(`---- BEGIN SSH2 (?<label>(?:ENCRYPTED )?PRIVATE KEY) ----${HEADERS}${BODY}---- END SSH2 \\k<label> ----`),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [ssh2Key(f), { path: 'id_rsa_2048_a', text: ssh2Key(f, false) + '\n' }],
      ignores: (f) => [
        `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "rsa-key"\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ${f.chars('b64', 34)}\n---- END SSH2 PUBLIC KEY ----`,
        '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "key"\nP2/56wAAA...\n---- END SSH2 ENCRYPTED PRIVATE KEY ----',
      ],
    },
  },
  {
    id: 'private-key-escaped',
    title: 'Private key in an escaped string (JSON, YAML, code)',
    kind: 'private-key',
    // every escaped block has a backslash right after its BEGIN marker
    keywords: ['private key-----\\', 'private key block-----\\'],
    pattern: new RegExp(
      String.raw`-----BEGIN (?<label>${ESCAPED_LABEL})-----(?:${ESC_NL}(?:[A-Za-z][A-Za-z0-9-]{0,30}:[ \t][^\\\r\n"']{0,300}${ESC_NL}){1,10})?${ESC_NL}${ESC_GAP}{0,4}(?:${B64}{1,4096}${ESC_GAP}{1,4}){0,255}${B64}{1,4096}${ESC_GAP}{0,4}-----END \k<label>-----`,
    ),
    multiline: true,
    validate: hasKeyBody,
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        {
          path: 'service-account.json',
          text: [
            '{',
            '  "type": "service_account",',
            '  "project_id": "billing-prod",',
            `  "private_key_id": "${f.chars('hex', 40)}",`,
            `  "private_key": "${escapedNewlines(f.pem('PRIVATE KEY', 26))}",`,
            '  "client_email": "exporter@billing-prod.iam.gserviceaccount.com"',
            '}',
          ].join('\n'),
        },
        `JWT_PRIVATE_KEY="${escapedNewlines(f.pem('RSA PRIVATE KEY', 25))}"`,
        `signing_key: "${escapedNewlines(f.pem('EC PRIVATE KEY', 3))}"`,
        // JSON inside a JSON string: the escapes are escaped again
        `{"secret": "{\\"key\\": \\"${f.pem('OPENSSH PRIVATE KEY', 7).split('\n').join('\\\\n')}\\"}"}`,
        `"${escapedNewlines(f.pem('PGP PRIVATE KEY BLOCK', 30, ['Version: Keybase OpenPGP v2']))}"`,
      ],
      ignores: (f) => [
        `"private_key": "${BEGIN}PRIVATE KEY-----\\nMIIE...\\n${END}PRIVATE KEY-----\\n"`,
        `"private_key": "${BEGIN}PRIVATE KEY-----\\n<your key here>\\n${END}PRIVATE KEY-----\\n"`,
        `"certificate": "${escapedNewlines(f.pem('CERTIFICATE', 20))}"`,
        `"public_key": "${escapedNewlines(f.pem('PUBLIC KEY', 6))}"`,
        `"private_key": "${BEGIN}PRIVATE KEY-----\\n"`,
      ],
    },
  },
  {
    id: 'private-key-base64-encoded',
    title: 'Private key, base64-encoded whole (Kubernetes secret, kubeconfig)',
    kind: 'private-key',
    keywords: ['ls0tls1crudjti'],
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9+/])LS0tLS1CRUdJTiB(?:${ENCODED_LABELS.join('|')})[A-Za-z0-9+/]{40,30000}={0,2}(?![A-Za-z0-9+/=])`,
    ),
    multiline: true,
    validate: (secret) => {
      const decoded = Buffer.from(secret, 'base64').toString('latin1');
      const m = /^-----BEGIN ([A-Z ]{3,40})-----[^]{40,24000}?-----END \1-----\s*$/.exec(decoded);
      return m !== null && hasKeyBody(m[0].trim());
    },
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${Buffer.from(f.pem('CERTIFICATE', 20)).toString('base64')}\n  tls.key: ${Buffer.from(f.pem('RSA PRIVATE KEY', 25) + '\n').toString('base64')}\n`,
        `users:\n- name: admin\n  user:\n    client-key-data: ${Buffer.from(f.pem('EC PRIVATE KEY', 3) + '\n').toString('base64')}\n`,
        `SSH_KEY_B64=${Buffer.from(f.pem('OPENSSH PRIVATE KEY', 7)).toString('base64')}`,
      ],
      ignores: (f) => [
        `  tls.crt: ${Buffer.from(f.pem('CERTIFICATE', 20)).toString('base64')}`,
        `  ca.pub: ${Buffer.from(f.pem('PUBLIC KEY', 6)).toString('base64')}`,
        `  tls.key: ${Buffer.from(`${BEGIN}RSA PRIVATE KEY-----\nMIIE...\n${END}RSA PRIVATE KEY-----\n`).toString('base64')}`,
        // truncated: no END line
        `  tls.key: ${Buffer.from(f.pem('RSA PRIVATE KEY', 25)).toString('base64').slice(0, 600)}`,
      ],
    },
  },
  {
    id: 'openvpn-static-key',
    title: 'OpenVPN static or tls-crypt-v2 key',
    kind: 'private-key',
    keywords: ['begin openvpn'],
    pattern: new RegExp(`-----BEGIN OpenVPN (?<label>Static key V1|tls-crypt-v2 (?:server|client) key)-----${BODY}-----END OpenVPN \\k<label>-----`),
    multiline: true,
    validate: (block) => {
      const body = bodyTokens(block).join('');
      if (/^[0-9a-f]+$/i.test(body)) return body.length >= 256 && shannonEntropy(body) > 3.5 && !BODY_PLACEHOLDER.test(body);
      return hasKeyBody(block);
    },
    skipPlaceholderFilter: true,
    samples: {
      matches: (f) => [
        {
          path: 'client.ovpn',
          text: `remote vpn.corp.internal 1194\n<tls-auth>\n#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n${Array.from({ length: 16 }, () => f.chars('hex', 32)).join('\n')}\n-----END OpenVPN Static key V1-----\n</tls-auth>\n`,
        },
        `-----BEGIN OpenVPN tls-crypt-v2 client key-----\n${Array.from({ length: 10 }, () => f.chars('b64', 64)).join('\n')}\n${f.chars('b64', 20)}==\n-----END OpenVPN tls-crypt-v2 client key-----`,
      ],
      ignores: () => [
        '-----BEGIN OpenVPN Static key V1-----\n...\n-----END OpenVPN Static key V1-----',
        `-----BEGIN OpenVPN Static key V1-----\n${'0123456789abcdef'.repeat(2)}\n-----END OpenVPN Static key V1-----`,
      ],
    },
  },
  {
    id: 'age-secret-key',
    title: 'age secret key',
    kind: 'private-key',
    keywords: ['age-secret-key-1'],
    pattern: new RegExp(`(?<![A-Za-z0-9-])AGE-SECRET-KEY-1[${BECH32}]{58}(?![A-Za-z0-9])`),
    // the shared filter sees the prefix too, so a run of one character ("QQQQ...") must be caught here
    validate: (key) => shannonEntropy(key.slice('AGE-SECRET-KEY-1'.length)) > 3.5,
    samples: {
      matches: (f) => [
        `# created: 2026-01-01T00:00:00Z\n# public key: age1${bech32(f, 58).toLowerCase()}\nAGE-SECRET-KEY-1${bech32(f, 58)}\n`,
        `SOPS_AGE_KEY=AGE-SECRET-KEY-1${bech32(f, 58)}`,
      ],
      ignores: (f) => [
        `age1${bech32(f, 58).toLowerCase()}`,
        `AGE-SECRET-KEY-1${bech32(f, 40)}`,
        `AGE-SECRET-KEY-1${bech32(f, 57)}B`,
        `AGE-SECRET-KEY-1${'Q'.repeat(58)}`,
      ],
    },
  },
  {
    id: 'wireguard-private-key',
    title: 'WireGuard private or preshared key',
    kind: 'private-key',
    keywords: ['privatekey', 'presharedkey'],
    pattern:
      /(?<![\w.])(?:PrivateKey|PresharedKey)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?(?<secret>[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?![A-Za-z0-9+/=])/,
    validate: (secret) => shannonEntropy(secret) > 4,
    samples: {
      matches: (f) => [
        { path: 'wg0.conf', text: `[Interface]\nAddress = 10.8.0.1/24\nListenPort = 51820\nPrivateKey = ${wgKey(f)}\n` },
        `[Peer]\nPublicKey = ${wgKey(f)}\nPresharedKey = ${wgKey(f)}\nAllowedIPs = 10.8.0.2/32`,
        `"PrivateKey": "${wgKey(f)}"`,
      ],
      ignores: (f) => [
        `PublicKey = ${wgKey(f)}`,
        'PrivateKey = $(wg genkey)',
        `PrivateKey = ${'A'.repeat(43)}=`,
        `privateKey = "${f.chars('b64', 44)}"`,
      ],
    },
  },
];

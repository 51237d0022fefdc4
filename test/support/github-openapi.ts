/**
 * Every request the app sends to GitHub, checked against GitHub's own OpenAPI description
 * (@octokit/openapi, api.github.com): the operation must exist for the method and path, its query
 * parameters must be declared, and a JSON body must validate against the operation's request body
 * schema. Tests record requests with nock and call `problemsOf` so shapes cannot drift from GitHub's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);

interface Parameter {
  name: string;
  in: string;
  $ref?: string;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; parameters: Record<string, Parameter> };
}

interface Route {
  readonly template: string;
  readonly method: string;
  readonly pattern: RegExp;
  /** literal characters in the template: the more, the more specific */
  readonly weight: number;
  readonly operation: Operation;
}

let loaded: { spec: Spec; ajv: Ajv; routes: Route[]; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addSchema({ $id: 'github', components: { schemas: spec.components.schemas } });
  const routes: Route[] = [];
  for (const [template, methods] of Object.entries(spec.paths)) {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    for (const [method, operation] of Object.entries(methods)) {
      if (!operation || typeof operation !== 'object' || !('operationId' in operation)) continue;
      routes.push({
        template,
        method: method.toUpperCase(),
        pattern: new RegExp(`^${source}$`),
        weight: template.replace(/\{[^}]+\}/g, '').length,
        operation,
      });
    }
  }
  routes.sort((a, b) => b.weight - a.weight);
  loaded = { spec, ajv, routes, validators: new Map() };
  return loaded;
}

/** Rewrites the document's local references so they resolve in the `github` schema added to ajv. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    const rebased = Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `github${v}` : rebase(v)]),
    );
    // OpenAPI 3.0's `nullable` without `type` (e.g. `oneOf` + nullable, as issues' `milestone`) is not
    // something ajv takes: say it as "this schema, or null".
    if (rebased.nullable === true && !('type' in rebased)) {
      const { nullable: _nullable, ...rest } = rebased;
      return { anyOf: [rest, { type: 'null' }] };
    }
    return rebased;
  }
  return schema;
}

export interface RecordedRequest {
  readonly method: string;
  /** path with the query string */
  readonly path: string;
  /** the raw body as sent */
  readonly body: string;
}

export function findOperation(method: string, pathname: string): Route | undefined {
  const { routes } = load();
  // GitHub Enterprise Server prefixes /api/v3; api.github.com has no prefix.
  const path = pathname.replace(/^\/api\/v3(?=\/)/, '');
  return routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
}

/** What is wrong with one request, per GitHub's description (empty when nothing). */
export function problemsOf(request: RecordedRequest): string[] {
  const { spec, ajv, validators } = load();
  const url = new URL(request.path, 'https://api.github.com');
  if (url.pathname === '/graphql') return graphqlProblems(request);
  const route = findOperation(request.method, url.pathname);
  const label = `${request.method} ${url.pathname}`;
  if (!route) return [`${label}: no such operation in GitHub's REST API`];
  const problems: string[] = [];
  const declared = new Set(
    (route.operation.parameters ?? [])
      .map((p) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!] : p))
      .filter((p): p is Parameter => !!p && p.in === 'query')
      .map((p) => p.name),
  );
  for (const name of url.searchParams.keys()) {
    if (!declared.has(name)) problems.push(`${label} (${route.operation.operationId}): undeclared query parameter "${name}"`);
  }
  if (request.body === '' || request.method === 'GET') return problems;
  const schema = route.operation.requestBody?.content?.['application/json']?.schema;
  if (!schema) {
    problems.push(`${label} (${route.operation.operationId}): sends a body to an operation that takes none`);
    return problems;
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return [...problems, `${label}: body is not JSON`];
  }
  const key = `${route.method} ${route.template}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebase(schema) as object);
    validators.set(key, validate);
  }
  if (!validate(body)) {
    for (const e of validate.errors ?? []) problems.push(`${label} (${route.operation.operationId}): body${e.instancePath} ${e.message}`);
  }
  return problems;
}

function graphqlProblems(request: RecordedRequest): string[] {
  try {
    const body = JSON.parse(request.body) as { query?: unknown; variables?: unknown };
    if (typeof body.query !== 'string') return ['POST /graphql: no query string'];
    return [];
  } catch {
    return ['POST /graphql: body is not JSON'];
  }
}

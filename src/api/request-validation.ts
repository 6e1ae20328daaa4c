import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../errors';
import type { OperationSpec } from './openapi/operation-spec';

const DOC_ID = 'tg:openapi';

interface CompiledOperation {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction;
}

function paramsSchema(op: OperationSpec, where: 'path' | 'query'): Record<string, unknown> | undefined {
  const params = (op.parameters ?? []).filter((p) => p.in === where);
  if (params.length === 0 && where === 'path') return undefined;
  return {
    type: 'object',
    additionalProperties: where === 'query' && op.openQuery === true,
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

function describe(where: string, errors: ErrorObject[] | null | undefined): Array<{ where: string; path: string; message: string }> {
  // Messages name the place and the rule, never the value sent (it may be a secret).
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
    const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    return { where, path: e.instancePath || '/', message: `${e.message ?? 'is invalid'}${extra}${allowed}` };
  });
}

/**
 * Validates path and query parameters (coerced from text, defaults applied) and JSON bodies against the
 * OpenAPI document. Every validator is compiled once, when the app is built.
 */
export function createRequestValidator(doc: Record<string, unknown>, ops: readonly OperationSpec[]) {
  const params = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true });
  const bodies = new Ajv2020({ strict: false, allErrors: true });
  for (const ajv of [params, bodies]) {
    addFormats(ajv);
    ajv.addSchema({ $id: DOC_ID, components: (doc as { components: unknown }).components });
  }
  const compiled = new Map<string, CompiledOperation>();
  for (const op of ops) {
    const path = paramsSchema(op, 'path');
    const query = paramsSchema(op, 'query')!;
    compiled.set(op.operationId, {
      path: path && params.compile(path),
      query: params.compile(query),
      body: op.body ? bodies.compile({ $ref: `${DOC_ID}#/components/schemas/${op.body}` }) : undefined,
    });
  }

  return function validate(op: OperationSpec) {
    const c = compiled.get(op.operationId)!;
    return (req: Request, res: Response, next: NextFunction): void => {
      const problems: Array<{ where: string; path: string; message: string }> = [];
      const pathParams: Record<string, unknown> = { ...req.params };
      if (c.path && !c.path(pathParams)) problems.push(...describe('path', c.path.errors));
      const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      if (c.query && !c.query(query)) problems.push(...describe('query', c.query.errors));
      if (c.body) {
        if (!req.is('application/json')) problems.push({ where: 'body', path: '/', message: 'must be application/json' });
        else if (!c.body(req.body)) problems.push(...describe('body', c.body.errors));
      }
      if (problems.length > 0) {
        throw new GatewayError('TG_REQUEST_INVALID', problems.map((p) => `${p.where} ${p.path}: ${p.message}`).join('; '), problems);
      }
      res.locals.params = pathParams;
      res.locals.query = query;
      next();
    };
  };
}

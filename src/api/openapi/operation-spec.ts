import type { Access } from '../../auth/roles';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
}

/** One API operation; the router, the request validator and the OpenAPI document all read this list. */
export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template (`/api/quarantine/{id}`). */
  path: string;
  access: Access;
  tag: string;
  summary: string;
  description?: string;
  parameters?: Parameter[];
  /** components.schemas name of the JSON body. */
  body?: string;
  /** Query parameters not listed are ignored instead of refused (public pages whose links gain tracking parameters). */
  openQuery?: boolean;
  /** Status → components.schemas name (`Name[]` for an array of them), or a literal media description. */
  responses: Record<number, string | { contentType: string; description: string }>;
}

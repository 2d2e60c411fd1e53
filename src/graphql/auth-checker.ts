import type { AuthCheckerFn } from 'type-graphql';
import { forbidden } from '../lib/errors';
import { grants, isScope } from '../modules/api-keys/api-key.scopes';
import type { RequestContext } from './context';

/** The pseudo-scope of the platform operators' operations. */
export const ADMIN = 'admin';

/**
 * `@Authorized('leads:write')`: every listed scope is required. Tenant keys never pass ADMIN and the
 * admin token never passes a tenant scope (it has no tenant transaction). Failing throws FORBIDDEN
 * naming what is missing, rather than type-graphql's generic denial.
 */
export const authChecker: AuthCheckerFn<RequestContext> = ({ context }, required) => {
  const { viewer } = context;
  if (required.includes(ADMIN)) {
    if (viewer.kind !== 'admin') throw forbidden('This operation needs the platform admin token');
    return true;
  }
  if (viewer.kind !== 'tenant') throw forbidden('This operation needs a tenant API key');
  const missing = required.filter((scope) => !isScope(scope) || !grants(viewer.scopes, scope));
  if (missing.length > 0) throw forbidden(`This API key lacks the scope ${missing.join(', ')}`);
  return true;
};

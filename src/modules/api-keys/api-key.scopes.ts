/** What an API key may do: read and write per area. A write scope implies the read scope of its area. */
import { ALL_SCOPES, SCOPE_AREAS, type Scope, type ScopeArea } from '../../domain/vocabulary';

export { ALL_SCOPES, SCOPE_AREAS, type Scope, type ScopeArea };
export const READ_ONLY_SCOPES: readonly Scope[] = SCOPE_AREAS.map((area) => `${area}:read` as Scope);

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/** Reads `{ "scopes": [...] }` from api_keys.permissions; anything else grants nothing (fails closed). */
export function scopesFromPermissions(permissions: unknown): Scope[] {
  if (typeof permissions !== 'object' || permissions === null) return [];
  const scopes = (permissions as { scopes?: unknown }).scopes;
  if (!Array.isArray(scopes)) return [];
  return scopes.filter((scope): scope is Scope => typeof scope === 'string' && isScope(scope));
}

/** True when `granted` covers `required`; `area:write` covers `area:read`. */
export function grants(granted: readonly Scope[], required: Scope): boolean {
  if (granted.includes(required)) return true;
  const [area, access] = required.split(':');
  return access === 'read' && granted.includes(`${area}:write` as Scope);
}

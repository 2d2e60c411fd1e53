/** What an API key may do: read and write per area. A write scope implies the read scope of its area. */
export const SCOPE_AREAS = ['tenant', 'conversations', 'leads', 'knowledge_base', 'configuration', 'api_keys'] as const;
export type ScopeArea = (typeof SCOPE_AREAS)[number];
export type Scope = `${ScopeArea}:${'read' | 'write'}`;

export const ALL_SCOPES: readonly Scope[] = SCOPE_AREAS.flatMap((area) => [`${area}:read`, `${area}:write`] as Scope[]);
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

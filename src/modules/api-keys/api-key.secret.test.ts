import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.secret';
import { ALL_SCOPES, grants, scopesFromPermissions } from './api-key.scopes';

describe(generateApiKey.name, () => {
  it('makes distinct, well-formed keys whose hash is the SHA-256 of the plaintext', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.plaintext).not.toBe(b.plaintext);
    expect(looksLikeApiKey(a.plaintext)).toBe(true);
    expect(a.hash).toBe(hashApiKey(a.plaintext));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeApiKey('ntk_short')).toBe(false);
  });
});

describe(grants.name, () => {
  it('lets write imply read in the same area only', () => {
    expect(grants(['leads:write'], 'leads:read')).toBe(true);
    expect(grants(['leads:read'], 'leads:write')).toBe(false);
    expect(grants(['leads:write'], 'conversations:read')).toBe(false);
  });

  it('ignores unknown scopes and malformed permissions', () => {
    expect(scopesFromPermissions({ scopes: ['leads:read', 'root', 3] })).toEqual(['leads:read']);
    expect(scopesFromPermissions(['leads:read'])).toEqual([]);
    expect(scopesFromPermissions(null)).toEqual([]);
    expect(ALL_SCOPES).toContain('api_keys:write');
  });
});

import type { ChatPlatform } from '../platforms/chat-adapter';

/** Enough for every tenant of a large installation; past it the hints start over (a lookup each, as without them). */
const MAX_HINTS = 10_000;

/**
 * Platform keys (Crisp website id, Tidio project key) → tenant id, as the privileged lookup answered
 * them: most deliveries then skip that round trip. A hint is never trusted on its own: the route
 * binds the hinted tenant and goes on only when that tenant's own row, read under RLS in the
 * delivery's transaction, still carries the key; otherwise it looks the key up again. A key moved to
 * another tenant, or a tenant deleted, costs one more transaction, never a delivery stored for the
 * wrong tenant. Only keys the lookup found are kept, so strangers' keys cannot fill it.
 */
export class KnownTenants {
  private readonly hints = new Map<string, string>();

  get(platform: ChatPlatform, key: string): string | null {
    return this.hints.get(`${platform}:${key}`) ?? null;
  }

  /** Records what the lookup answered (null: no tenant has the key). */
  set(platform: ChatPlatform, key: string, tenantId: string | null): void {
    if (tenantId === null) {
      this.hints.delete(`${platform}:${key}`);
      return;
    }
    if (this.hints.size >= MAX_HINTS) this.hints.clear();
    this.hints.set(`${platform}:${key}`, tenantId);
  }
}

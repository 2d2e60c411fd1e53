import type { ChatPlatform } from '../platforms/chat-adapter';
import type { ChatTenant } from '../store/chat-inbox.repository';

/** Enough for every tenant of a large installation; past it the hints start over (a lookup each, as without them). */
const MAX_HINTS = 10_000;

/** The tenant's chat row as a delivery's transaction last read it, with the adapter's settings opened from it. */
export interface TenantAsRead {
  tenant: ChatTenant;
  settings: unknown;
}

export interface KnownTenant {
  tenantId: string;
  /** Null until a delivery's transaction has read the tenant (and found the key on its row). */
  read: TenantAsRead | null;
}

/**
 * Platform keys (Crisp website id, Tidio project key) → tenant id, as the privileged lookup answered
 * them: most deliveries then skip that round trip. A hint is never trusted on its own: the route
 * binds the hinted tenant and goes on only when that tenant's own row, read under RLS in the
 * delivery's transaction, still carries the key; otherwise it looks the key up again. A key moved to
 * another tenant, or a tenant deleted, costs one more transaction, never a delivery stored for the
 * wrong tenant. Only keys the lookup found are kept, so strangers' keys cannot fill it.
 *
 * With the hint, the tenant's chat row as last read (`read`): a visitor message is verified with its
 * settings before its transaction, and the statement that stores it checks under RLS that the row is
 * still the one read (storeVisitorDelivery's digest), else it is rolled back and the delivery judged
 * again from a fresh read. Rotated secrets, a suspension or a moved key take effect at once.
 */
export class KnownTenants {
  private readonly hints = new Map<string, KnownTenant>();

  get(platform: ChatPlatform, key: string): KnownTenant | null {
    return this.hints.get(`${platform}:${key}`) ?? null;
  }

  /** Records what the lookup answered (null: no tenant has the key). */
  set(platform: ChatPlatform, key: string, tenantId: string | null): void {
    if (tenantId === null) {
      this.hints.delete(`${platform}:${key}`);
      return;
    }
    if (this.hints.get(`${platform}:${key}`)?.tenantId === tenantId) return;
    if (this.hints.size >= MAX_HINTS) this.hints.clear();
    this.hints.set(`${platform}:${key}`, { tenantId, read: null });
  }

  /** Keeps the row a delivery's transaction read for the key's tenant (`read` null: forget it). */
  remember(platform: ChatPlatform, key: string, tenantId: string, read: TenantAsRead | null): void {
    const known = this.hints.get(`${platform}:${key}`);
    if (known?.tenantId === tenantId) known.read = read;
  }
}

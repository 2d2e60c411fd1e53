import type { TenantLimiter } from '../../lib/tenant-limiter';
import { LlmError, type LlmProvider } from './llm.provider';

/**
 * Caps each tenant's concurrent LLM calls in this process: a call beyond the cap waits for one of
 * the tenant's slots within its own deadline (the caller's abort), so a tenant whose model hangs
 * holds at most `limiter.max` connections to it, whatever reaches it (reply jobs, askAssistant, the
 * Tidio flow).
 */
export function limitPerTenant(provider: LlmProvider, limiter: TenantLimiter): LlmProvider {
  return {
    defaultModel: provider.defaultModel,
    async complete(request, options) {
      const release = await limiter.acquire(options.tenantId, options.signal).catch(() => {
        throw new LlmError('timeout');
      });
      try {
        return await provider.complete(request, options);
      } finally {
        release();
      }
    },
  };
}

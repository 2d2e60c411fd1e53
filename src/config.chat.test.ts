import { ConfigError, loadConfig } from './config';

describe('chat platform configuration', () => {
  it('reads NETIA_ENCRYPTION_KEY as hex or base64 and the platform defaults', () => {
    const hex = 'ab'.repeat(32);
    const config = loadConfig({ NETIA_ENCRYPTION_KEY: hex });
    expect(config.encryptionKey?.equals(Buffer.from(hex, 'hex'))).toBe(true);
    expect(loadConfig({ NETIA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).encryptionKey?.length).toBe(32);
    expect(config.chat.crisp.apiUrl).toBe('https://api.crisp.chat/v1');
    expect(config.chat.tidio.apiUrl).toBe('https://api.tidio.com');
    expect(config.chat.tidio.flowDeadlineMs).toBe(3500);
    expect(loadConfig({}).encryptionKey).toBeNull();
  });

  it('rejects a key of the wrong length without echoing it', () => {
    expect(() => loadConfig({ NETIA_ENCRYPTION_KEY: 'too-short-secret' })).toThrow(ConfigError);
    try {
      loadConfig({ NETIA_ENCRYPTION_KEY: 'too-short-secret' });
    } catch (error) {
      expect((error as Error).message).toContain('NETIA_ENCRYPTION_KEY');
      expect((error as Error).message).not.toContain('too-short-secret');
    }
  });

  it('rejects a non-http platform URL', () => {
    expect(() => loadConfig({ CRISP_API_URL: 'ftp://crisp' })).toThrow(/CRISP_API_URL/);
  });

  it('reads the per-tenant caps and the Retry-After cap, and refuses a cap of zero', () => {
    const defaults = loadConfig({});
    expect(defaults.replyQueue).toMatchObject({ tenantConcurrency: 4, retryAfterMaxSeconds: 120 });
    expect(defaults.llmTenantConcurrency).toBe(4);
    const set = loadConfig({ REPLY_TENANT_CONCURRENCY: '2', RETRY_AFTER_MAX_SECONDS: '30', LLM_TENANT_CONCURRENCY: '1' });
    expect(set.replyQueue).toMatchObject({ tenantConcurrency: 2, retryAfterMaxSeconds: 30 });
    expect(set.llmTenantConcurrency).toBe(1);
    expect(() => loadConfig({ REPLY_TENANT_CONCURRENCY: '0' })).toThrow(/REPLY_TENANT_CONCURRENCY/);
  });
});

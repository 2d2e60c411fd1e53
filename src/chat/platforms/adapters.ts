import { CHAT_PLATFORMS } from '../../domain/vocabulary';
import type { Config } from '../../config';
import type { TenantChatState } from '../store/chat-inbox.repository';
import type { ChatPlatform, ChatPlatformAdapter } from './chat-adapter';
import { createCrispAdapter } from './crisp/crisp.adapter';
import { createTidioAdapter } from './tidio/tidio.adapter';

/**
 * Each adapter has its own settings type; the registry forgets it (`any`) because the core only
 * passes an adapter's own openSettings() result back to the same adapter.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyChatPlatformAdapter = ChatPlatformAdapter<any>;
export type AdapterRegistry = Readonly<Record<ChatPlatform, AnyChatPlatformAdapter>>;

/** The platforms Netia speaks. A third platform: one folder in src/chat/platforms/ and one line here. */
export function createAdapters(config: Config): AdapterRegistry {
  return {
    crisp: createCrispAdapter({
      apiUrl: config.chat.crisp.apiUrl,
      identifier: config.chat.crisp.identifier,
      key: config.chat.crisp.key,
      timeoutMs: config.chat.platformTimeoutMs,
      webhookSecret: config.chat.crisp.webhookSecret,
      botNickname: config.chat.crisp.botNickname,
      encryptionKey: config.encryptionKey,
    }),
    tidio: createTidioAdapter({
      apiUrl: config.chat.tidio.apiUrl,
      timeoutMs: config.chat.platformTimeoutMs,
      encryptionKey: config.encryptionKey,
    }),
  };
}

export function isChatPlatform(value: string): value is ChatPlatform {
  return (CHAT_PLATFORMS as readonly string[]).includes(value);
}

/** The tenant's key on a platform (tenants.crisp_website_id / tidio_website_id). */
export function tenantKeyOn(platform: ChatPlatform, tenant: TenantChatState): string | null {
  return platform === 'crisp' ? tenant.crispWebsiteId : tenant.tidioWebsiteId;
}

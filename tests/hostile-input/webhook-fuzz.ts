import fc from 'fast-check';
import { crispHeaders, tidioHeaders } from '../webhooks/signed-payloads';
import { hostileInt, hostileJsonObject, hostileString } from './hostile.arbitraries';

/**
 * Webhook deliveries shaped like the platforms' (the reference's payloads) with hostile values in
 * every field, signed correctly or not, for the tenant's real key or a hostile one, plus raw garbage.
 */

export interface WebhookTargets {
  crispWebsiteId: string;
  crispHookKey: string;
  tidioProjectKey: string;
  tidioSecret: string;
  flowToken: string;
}

export interface Delivery {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
  /** True when the delivery carries valid credentials for the tenant its key names (or a platform-wide signature). */
  authentic: boolean;
}

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, hostileString);
const id = fc.oneof(fc.uuid(), hostileString);

function crispBody(target: WebhookTargets) {
  const website = fc.oneof({ weight: 4, arbitrary: fc.constant(target.crispWebsiteId) }, { weight: 1, arbitrary: hostileString });
  const data = fc.record(
    {
      website_id: website,
      session_id: fc.oneof(fc.uuid().map((uuid) => `session_${uuid}`), hostileString),
      type: maybe(fc.constantFrom('text', 'file', 'note')),
      content: fc.oneof(hostileString, hostileJsonObject),
      from: maybe(fc.constantFrom('user', 'operator')),
      fingerprint: fc.oneof(hostileInt, fc.stringMatching(/^\d{1,30}$/), hostileString),
      automated: fc.boolean(),
      email: hostileString,
      phone: hostileString,
      nickname: hostileString,
      user: fc.record({ user_id: hostileString, nickname: hostileString }),
    },
    { requiredKeys: ['website_id', 'session_id'] },
  );
  return fc.record({
    website_id: website,
    event: maybe(fc.constantFrom('message:send', 'message:received', 'session:set_email', 'session:set_phone', 'session:set_nickname', 'session:removed')),
    data,
    timestamp: fc.oneof(fc.constant(Date.now()), hostileInt),
  });
}

function tidioBody(target: WebhookTargets) {
  const contact = fc.record({ id: id, email: hostileString, phone: hostileString, first_name: hostileString, last_name: hostileString });
  const ticket = fc.record({
    id: fc.oneof(hostileInt, hostileString),
    contact_id: id,
    message: fc.record({ message_id: id, author_type: maybe(fc.constantFrom('contact', 'operator')), message_content: hostileString }),
  });
  return fc.record({
    created_at: fc.oneof(fc.constant(Math.floor(Date.now() / 1000)), hostileInt),
    project_public_key: fc.oneof({ weight: 4, arbitrary: fc.constant(target.tidioProjectKey) }, { weight: 1, arbitrary: hostileString }),
    topic: maybe(fc.constantFrom('contact.created', 'contact.updated', 'ticket.contact_replied', 'ticket.operator_replied')),
    version: fc.constant(1),
    webhook_id: id,
    content: fc.oneof(contact, ticket, hostileJsonObject),
  });
}

function flowBody(target: WebhookTargets) {
  return fc.record(
    {
      project_public_key: fc.oneof({ weight: 4, arbitrary: fc.constant(target.tidioProjectKey) }, { weight: 1, arbitrary: hostileString }),
      contact_id: id,
      message: hostileString,
      message_id: id,
      email: hostileString,
      name: hostileString,
    },
    { requiredKeys: ['project_public_key', 'contact_id', 'message'] },
  );
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

export function deliveries(target: WebhookTargets): fc.Arbitrary<Delivery> {
  const crispSigned = fc.tuple(crispBody(target), fc.boolean()).map(([body, valid]): Delivery => {
    const raw = JSON.stringify(body);
    return { path: '/webhooks/crisp', body: Buffer.from(raw), headers: crispHeaders(raw, valid ? undefined : 'not-the-secret'), authentic: valid };
  });
  const crispWebsiteHook = fc.tuple(crispBody(target), fc.boolean()).map(([body, valid]): Delivery => ({
    path: `/webhooks/crisp?key=${encodeURIComponent(valid ? target.crispHookKey : 'wrong-key-wrong-key')}`,
    body: json(body),
    headers: { 'content-type': 'application/json' },
    authentic: valid && body.website_id === target.crispWebsiteId,
  }));
  const tidio = fc.tuple(tidioBody(target), fc.boolean()).map(([body, valid]): Delivery => {
    const raw = JSON.stringify(body);
    const authentic = valid && body.project_public_key === target.tidioProjectKey;
    return { path: '/webhooks/tidio', body: Buffer.from(raw), headers: tidioHeaders(raw, valid ? target.tidioSecret : 'not-the-secret'), authentic };
  });
  const flow = fc.tuple(flowBody(target), fc.boolean()).map(([body, valid]): Delivery => ({
    path: '/webhooks/tidio/flow',
    body: json(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${valid ? target.flowToken : 'wrong-token-wrong-token'}` },
    authentic: valid && body.project_public_key === target.tidioProjectKey,
  }));
  const garbage = fc
    .tuple(fc.constantFrom('/webhooks/crisp', '/webhooks/tidio', '/webhooks/tidio/flow', '/webhooks/nope'), fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.jsonValue().map((value) => json(value))))
    .map(([path, bytes]): Delivery => ({ path, body: Buffer.from(bytes), headers: { 'content-type': 'application/json' }, authentic: false }));
  return fc.oneof(crispSigned, crispWebsiteHook, tidio, flow, garbage);
}

import { isHandoffRequest } from './handoff.detector';

describe(isHandoffRequest.name, () => {
  it.each([
    'Can I talk to a human?',
    'I want to speak with a real person please',
    'connect me to an agent',
    'I need a human',
    'Human please',
    'agent',
    'Can you transfer me to customer service?',
    'I would like to chat with someone from your staff',
  ])('recognises %p', (text) => {
    expect(isHandoffRequest(text)).toBe(true);
  });

  it.each([
    'How much does it cost?',
    'Are your agents available on weekends?',
    'I need someone to fix my order',
    'Is this a person-to-person payment?',
    'My travel agent booked it',
    'humanity is great',
  ])('ignores %p', (text) => {
    expect(isHandoffRequest(text)).toBe(false);
  });
});

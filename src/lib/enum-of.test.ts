import { enumOf } from './enum-of';

describe(enumOf.name, () => {
  it('keys each value by its upper-case name, colons as underscores', () => {
    expect(enumOf(['basic', 'knowledge_base:read'] as const)).toEqual({ BASIC: 'basic', KNOWLEDGE_BASE_READ: 'knowledge_base:read' });
  });
});

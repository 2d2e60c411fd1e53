import { isReadOnlyOperation } from './read-only-operation';

const post = (body: unknown) => ({ method: 'POST', body, search: '' });

describe('isReadOnlyOperation', () => {
  const both = 'query Read { tenant { id } } mutation Write { updateTenant(input: { name: "x" }) { tenant { id } } }';

  it('is true for the query a request runs, picked as Apollo picks it', () => {
    expect(isReadOnlyOperation(post({ query: '{ tenant { id } }' }))).toBe(true);
    expect(isReadOnlyOperation(post({ query: both, operationName: 'Read' }))).toBe(true);
    expect(isReadOnlyOperation({ method: 'GET', body: undefined, search: `?query=${encodeURIComponent('{ tenant { id } }')}` })).toBe(true);
  });

  it('is false for a mutation, and whenever the operation cannot be told', () => {
    expect(isReadOnlyOperation(post({ query: both, operationName: 'Write' }))).toBe(false);
    expect(isReadOnlyOperation(post({ query: both }))).toBe(false);
    expect(isReadOnlyOperation(post({ query: both, operationName: 'Missing' }))).toBe(false);
    expect(isReadOnlyOperation(post({ query: '{ tenant { id ' }))).toBe(false);
    expect(isReadOnlyOperation(post([{ query: '{ tenant { id } }' }]))).toBe(false);
    expect(isReadOnlyOperation(post({ query: 'subscription { messageAdded { id } }' }))).toBe(false);
  });

  it('answers a remembered text the same way as the first time', () => {
    const read = post({ query: both, operationName: 'Read' });
    const write = post({ query: both, operationName: 'Write' });
    for (let i = 0; i < 3; i++) {
      expect(isReadOnlyOperation(read)).toBe(true);
      expect(isReadOnlyOperation(write)).toBe(false);
    }
  });
});

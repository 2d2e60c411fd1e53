import { isTransactionFreeOperation } from './transaction-free';

const post = (body: unknown) => ({ method: 'POST', body, search: '' });

describe(isTransactionFreeOperation.name, () => {
  it('accepts queries that select only transaction-free root fields', () => {
    expect(isTransactionFreeOperation(post({ query: '{ askAssistant(question: "hi") { text } }' }))).toBe(true);
    expect(isTransactionFreeOperation(post({ query: 'query A { __typename a: askAssistant(question: "x") { text } }' }))).toBe(true);
    const search = `?query=${encodeURIComponent('{ askAssistant(question: "hi") { text } }')}`;
    expect(isTransactionFreeOperation({ method: 'GET', body: undefined, search })).toBe(true);
  });

  it('picks the named operation of a multi-operation document', () => {
    const query = 'query A { askAssistant(question: "x") { text } } query B { leads { totalCount } }';
    expect(isTransactionFreeOperation(post({ query, operationName: 'A' }))).toBe(true);
    expect(isTransactionFreeOperation(post({ query, operationName: 'B' }))).toBe(false);
    expect(isTransactionFreeOperation(post({ query }))).toBe(false);
  });

  it('refuses mixes, fragments, mutations, garbage and batches', () => {
    expect(isTransactionFreeOperation(post({ query: '{ askAssistant(question: "x") { text } leads { totalCount } }' }))).toBe(false);
    expect(isTransactionFreeOperation(post({ query: '{ ...F } fragment F on Query { askAssistant(question: "x") { text } }' }))).toBe(false);
    expect(isTransactionFreeOperation(post({ query: 'mutation { askAssistant(question: "x") { text } }' }))).toBe(false);
    expect(isTransactionFreeOperation(post({ query: '{ __typename }' }))).toBe(false);
    expect(isTransactionFreeOperation(post({ query: '{ askAssistant(' }))).toBe(false);
    expect(isTransactionFreeOperation(post([{ query: '{ askAssistant(question: "x") { text } }' }]))).toBe(false);
    expect(isTransactionFreeOperation(post({ extensions: { persistedQuery: { sha256Hash: 'abc' } } }))).toBe(false);
  });
});

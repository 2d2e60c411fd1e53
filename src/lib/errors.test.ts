import { GraphQLError } from 'graphql';
import { badUserInput, DomainError, HTTP_STATUS_OF, notFound, PUBLIC_ERROR_CODES } from './errors';

describe(DomainError.name, () => {
  it('is a plain error with a code and field, not a GraphQLError', () => {
    const error = badUserInput('input.email', 'is not an email');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect({ code: error.code, field: error.field, message: error.message }).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.email',
      message: 'input.email: is not an email',
    });
  });

  it('reaches a GraphQL client with its code: graphql-js takes the original error\'s extensions', () => {
    const wrapped = new GraphQLError('Lead not found', { originalError: notFound('Lead', 'id') });
    expect(wrapped.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect(new GraphQLError('x', { originalError: new DomainError('PLAN_LIMIT_REACHED', 'x', null, { limit: 'activeApiKeys', value: 5 }) }).extensions)
      .toEqual({ code: 'PLAN_LIMIT_REACHED', limit: 'activeApiKeys', value: 5 });
  });

  it('has an HTTP status for every code, and every code is public', () => {
    for (const [code, status] of Object.entries(HTTP_STATUS_OF)) {
      expect(PUBLIC_ERROR_CODES.has(code)).toBe(true);
      expect(status >= 400 && status < 500).toBe(true);
    }
  });
});

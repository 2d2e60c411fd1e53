import type { ApolloServerPlugin } from '@apollo/server';
import { PUBLIC_ERROR_CODES } from '../lib/errors';
import type { RequestContext } from './context';

/**
 * 1. Marks the request's transaction for rollback when the operation produced any error: a
 *    half-applied mutation is never committed, and a query whose SQL failed has an aborted
 *    transaction that PostgreSQL would refuse to COMMIT (http.ts rolls back after the response is
 *    built, so the client still gets its partial data and masked errors).
 * 2. Logs every unexpected error in full with the request id, since the client only sees a mask.
 */
export const transactionAndErrorPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        contextValue.txState.rollbackOnly = true;
        for (const error of errors) {
          const code = error.extensions?.code;
          if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) continue;
          const cause = error.originalError ?? error;
          contextValue.logger.error(
            { requestId: contextValue.requestId, err: cause, path: error.path?.join('.') },
            'graphql operation failed',
          );
        }
      },
    };
  },
};

import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics';

// Operation names come from clients: past this many distinct names they are counted as 'other'.
const MAX_OPERATION_NAMES = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Counts GraphQL operations by name and outcome and times them, for /metrics. */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  const seen = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (!name || !NAME.test(name)) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const startedAt = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors }) {
          const operation = label(operationName);
          metrics.graphqlOperations.inc({ operation, outcome: errors && errors.length > 0 ? 'error' : 'ok' });
          metrics.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - startedAt) / 1e9);
        },
      };
    },
  };
}

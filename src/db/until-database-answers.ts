import { isDatabaseUnavailable } from './database-errors';

/**
 * Waits between tries while the database is unreachable: short at first, then every 2 s, so work
 * resumes within about 2 s of the database's return; about a minute in all.
 */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, ...Array<number>(28).fill(2000)];

/**
 * Runs `work` (an idempotent write: recording a sent reply, releasing a lease, finishing a job) until
 * the database answers. Other errors are thrown at once; after about a minute of outage the last
 * connection error is thrown.
 */
export async function untilDatabaseAnswers<T>(work: () => Promise<T>, onRetry?: (retryInMs: number) => void): Promise<T> {
  for (const delay of RETRY_DELAYS_MS) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      onRetry?.(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return work();
}

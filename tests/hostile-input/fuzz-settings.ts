/** Generated cases per GraphQL root field / per webhook route (FUZZ_RUNS raises it for a deeper local run). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10);

/** The fuzzer sends hundreds of requests with one key: no plan may rate-limit or cap it. */
export const UNLIMITED_PLANS_ENV: Record<string, string> = Object.fromEntries(
  ['BASIC', 'PRO', 'ENTERPRISE'].flatMap((plan) => [
    [`PLAN_${plan}_API_REQUESTS_PER_MINUTE`, '1000000'],
    [`PLAN_${plan}_AI_REPLIES_PER_MONTH`, '1000000'],
  ]),
);

/** pino lines at level error (50) or above: an unexpected failure was logged. */
export function errorLogLines(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
}

/** The messages a bench server child and the runner exchange over the IPC channel. */
export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'stats'; statements: number; roundTrips: number; requests: number; rss: number; heapUsed: number; cpuMicros: number };

export type RunnerMessage = { type: 'stats' };

export interface ServerCounters {
  statements: number;
  roundTrips: number;
  requests: number;
}

/**
 * In the child: counts every query any pg client of the process sends (BEGIN and COMMIT included),
 * and the round trips among them. A query is a round trip of its own unless its client runs in
 * node-postgres's pipeline mode and an earlier query of that client still awaits its answer: then it
 * was written behind that one, without waiting for it.
 */
export function countQueries(Client: { prototype: object }, counters: ServerCounters): void {
  const prototype = Client.prototype as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  const unanswered = new WeakMap<object, number>();
  prototype.query = function countedQuery(this: { pipeline?: boolean }, ...args: unknown[]) {
    const waiting = unanswered.get(this) ?? 0;
    counters.statements += 1;
    if (waiting === 0 || !this.pipeline) counters.roundTrips += 1;
    const answer = query.apply(this, args);
    if (answer instanceof Promise) {
      unanswered.set(this, waiting + 1);
      const settled = () => unanswered.set(this, (unanswered.get(this) ?? 1) - 1);
      answer.then(settled, settled);
    }
    return answer;
  };
}

/** In the child: answers the runner's stats requests from the given counters. */
export function serveStats(counters: ServerCounters): void {
  process.on('message', (message: RunnerMessage) => {
    if (message.type !== 'stats') return;
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const reply: ServerMessage = {
      type: 'stats',
      statements: counters.statements,
      roundTrips: counters.roundTrips,
      requests: counters.requests,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      cpuMicros: cpu.user + cpu.system,
    };
    process.send?.(reply);
  });
  process.on('disconnect', () => process.exit(0));
}

/** The messages a bench server child and the runner exchange over the IPC channel. */
export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'stats'; statements: number; requests: number; rss: number; heapUsed: number; cpuMicros: number };

export type RunnerMessage = { type: 'stats' };

/** In the child: answers the runner's stats requests from the given counters. */
export function serveStats(counters: { statements: number; requests: number }): void {
  process.on('message', (message: RunnerMessage) => {
    if (message.type !== 'stats') return;
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const reply: ServerMessage = {
      type: 'stats',
      statements: counters.statements,
      requests: counters.requests,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      cpuMicros: cpu.user + cpu.system,
    };
    process.send?.(reply);
  });
  process.on('disconnect', () => process.exit(0));
}

import os from 'node:os';
import path from 'node:path';

/** Where the migrated template lives for this jest run (shared by globalSetup and every worker). */
export const TEMPLATE_ENV = 'NETIA_TEST_TEMPLATE';

export function pgliteTemplatePath(): string {
  return path.join(os.tmpdir(), `netia-template-${process.pid}.tar`);
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function randomName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

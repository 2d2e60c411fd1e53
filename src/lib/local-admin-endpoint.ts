import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * How `netia` reaches a server that holds the embedded database open (src/db/data-dir-lock.ts): the
 * server writes its admin GraphQL URL and a token made for this start into the data directory,
 * readable by its user only (mode 600), and accepts that token as the platform admin. Whoever can
 * read the file could read the database files themselves, so it grants nothing new.
 */
export const ENDPOINT_FILE = 'netia-admin.json';

export interface LocalAdminEndpoint {
  pid: number;
  /** The server's /graphql URL, on the loopback interface when it listens on all of them. */
  url: string;
  token: string;
}

/** 256 random bits; never starts with the API key prefix ntk_, so it cannot be taken for a key. */
export function newLocalAdminToken(): string {
  return `nla_${randomBytes(32).toString('base64url')}`;
}

/** The URL a local client should use for a server listening on host:port. */
export function localGraphqlUrl(host: string, port: number): string {
  const loopback = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}/graphql`;
}

/** Writes the endpoint file (mode 600, atomically by rename) and returns its remover, also run at exit. */
export function writeLocalAdminEndpoint(dataDir: string, endpoint: LocalAdminEndpoint): () => void {
  const file = path.join(dataDir, ENDPOINT_FILE);
  const temporary = `${file}.${randomUUID()}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(endpoint), { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.removeListener('exit', remove);
    if (readLocalAdminEndpoint(dataDir)?.token === endpoint.token) fs.rmSync(file, { force: true });
  };
  process.on('exit', remove);
  return remove;
}

export function readLocalAdminEndpoint(dataDir: string): LocalAdminEndpoint | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, ENDPOINT_FILE), 'utf8')) as Partial<LocalAdminEndpoint>;
    if (typeof parsed.pid !== 'number' || typeof parsed.url !== 'string' || typeof parsed.token !== 'string') return null;
    return { pid: parsed.pid, url: parsed.url, token: parsed.token };
  } catch {
    return null;
  }
}

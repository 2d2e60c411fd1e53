import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { PLAYGROUND_BOOT } from './playground-boot';

export type Encoding = 'br' | 'gzip';

export interface PlaygroundAsset {
  readonly type: string;
  readonly body: Buffer;
  /** A content hash: the page links `?v=<version>`, so a linked URL never changes content. */
  readonly version: string;
  readonly encoded: Map<Encoding, Promise<Buffer>>;
}

/**
 * graphiql@3's browser build and React 18's UMD files, served by Netia from node_modules so the IDE
 * works with no internet access. Only these files are exposed. The UMD files are not in the packages'
 * "exports", so they are found beside each package.json.
 */
const SOURCES: Record<string, { type: string; read: () => Buffer }> = {
  'react.production.min.js': { type: 'text/javascript', read: () => fromPackage('react', 'umd/react.production.min.js') },
  'react-dom.production.min.js': { type: 'text/javascript', read: () => fromPackage('react-dom', 'umd/react-dom.production.min.js') },
  'graphiql.min.js': { type: 'text/javascript', read: () => fromPackage('graphiql', 'graphiql.min.js') },
  'graphiql.min.css': { type: 'text/css', read: () => fromPackage('graphiql', 'graphiql.min.css') },
  'playground.js': { type: 'text/javascript', read: () => Buffer.from(PLAYGROUND_BOOT) },
};

export const PLAYGROUND_ASSET_NAMES = Object.keys(SOURCES);

function fromPackage(pkg: string, file: string): Buffer {
  return fs.readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file));
}

// The files never change while the process runs: read, hashed and compressed once per process.
const loaded = new Map<string, PlaygroundAsset>();

export function playgroundAsset(name: string): PlaygroundAsset | null {
  if (!Object.prototype.hasOwnProperty.call(SOURCES, name)) return null;
  let asset = loaded.get(name);
  if (!asset) {
    const source = SOURCES[name]!;
    const body = source.read();
    asset = { type: source.type, body, version: createHash('sha256').update(body).digest('hex').slice(0, 16), encoded: new Map() };
    loaded.set(name, asset);
  }
  return asset;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Compressed on first request, off the event loop (zlib's thread pool), then kept. Brotli quality 5:
 * graphiql.min.js (3.4 MB) becomes ~ 650 kB in ~ 0.2 s; quality 11 saves 15 % more but takes a minute.
 */
export function encodedBody(asset: PlaygroundAsset, encoding: Encoding): Promise<Buffer> {
  let body = asset.encoded.get(encoding);
  if (!body) {
    body =
      encoding === 'br'
        ? brotli(asset.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: asset.body.length } })
        : gzip(asset.body, { level: 6 });
    // A failure is not kept: the next request tries again.
    body.catch(() => asset.encoded.delete(encoding));
    asset.encoded.set(encoding, body);
  }
  return body;
}

/** The best encoding the client accepts (`br` over `gzip`), honouring `;q=0`; null for identity. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

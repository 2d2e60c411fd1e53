import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodedBody, playgroundAsset, preferredEncoding } from './playground-assets';

const IMMUTABLE = 'public, max-age=31536000, immutable';

function assetUrl(name: string): string {
  return `/graphql/assets/${name}?v=${playgroundAsset(name)!.version}`;
}

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Netia GraphQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${assetUrl('graphiql.min.css')}">
  <style>
    html, body, #graphiql { height: 100%; margin: 0; }
    .netia-playground { display: flex; flex-direction: column; height: 100%; }
    .netia-bar { display: flex; gap: 1.5em; align-items: center; padding: 6px 16px; font: 14px system-ui, sans-serif; border-bottom: 1px solid #ddd; }
    .netia-bar label { margin-left: auto; cursor: pointer; }
    .netia-ide { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <div id="graphiql">Loading the GraphQL playground…</div>
  <script src="${assetUrl('react.production.min.js')}"></script>
  <script src="${assetUrl('react-dom.production.min.js')}"></script>
  <script src="${assetUrl('graphiql.min.js')}"></script>
  <script src="${assetUrl('playground.js')}"></script>
</body>
</html>
`;
}

let cachedPage: string | null = null;

/** A browser navigating to /graphql (Accept: text/html, no query) gets the IDE instead of JSON. */
export function wantsPlayground(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const accept = request.headers.accept ?? '';
  const query = request.query as Record<string, unknown> | undefined;
  return accept.includes('text/html') && !query?.query;
}

/**
 * The IDE's files, compressed (br or gzip, as the browser accepts) and cached: the page links each
 * with its content hash, so those URLs are immutable; an ETag answers revalidations with 304.
 */
export function registerPlayground(app: FastifyInstance): void {
  app.get<{ Params: { file: string }; Querystring: { v?: string } }>('/graphql/assets/:file', async (request, reply) => {
    const asset = playgroundAsset(request.params.file);
    if (!asset) return reply.code(404).send({ error: 'not found' });
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    const etag = `"${asset.version}${encoding ? `-${encoding}` : ''}"`;
    reply
      .header('content-type', `${asset.type}; charset=utf-8`)
      .header('cache-control', request.query.v === asset.version ? IMMUTABLE : 'public, max-age=300')
      .header('vary', reply.hasHeader('vary') ? `${String(reply.getHeader('vary'))}, accept-encoding` : 'accept-encoding')
      .header('etag', etag);
    if ((request.headers['if-none-match'] ?? '').split(',').some((tag) => tag.trim() === etag)) return reply.code(304).send();
    if (!encoding) return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(await encodedBody(asset, encoding));
  });
}

/** The page itself is revalidated on every visit, so a new version's asset URLs are picked up. */
export function sendPlaygroundPage(reply: FastifyReply): FastifyReply {
  cachedPage ??= page();
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(cachedPage);
}

import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * An offline GraphiQL: graphiql@3's browser build and React 18's UMD files, served by Netia from
 * node_modules, so the IDE works with no internet access. Only these files are exposed.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  'playground.js': { pkg: '', file: '', type: 'text/javascript' },
};

// The UMD files are not in the packages' "exports", so they are found beside each package.json.
function readAsset(asset: { pkg: string; file: string }): Buffer {
  if (!asset.pkg) return Buffer.from(BOOT);
  return fs.readFileSync(path.join(path.dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file));
}

const BOOT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var headers = JSON.stringify({ Authorization: 'Bearer ntk_paste_your_api_key_here' }, null, 2);
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: headers,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Netia GraphQL</title>
  <link rel="stylesheet" href="/graphql/assets/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the GraphQL playground…</div>
  <script src="/graphql/assets/react.production.min.js"></script>
  <script src="/graphql/assets/react-dom.production.min.js"></script>
  <script src="/graphql/assets/graphiql.min.js"></script>
  <script src="/graphql/assets/playground.js"></script>
</body>
</html>
`;

/** A browser navigating to /graphql (Accept: text/html, no query) gets the IDE instead of JSON. */
export function wantsPlayground(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const accept = request.headers.accept ?? '';
  const query = request.query as Record<string, unknown> | undefined;
  return accept.includes('text/html') && !query?.query;
}

export function registerPlayground(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>('/graphql/assets/:file', async (request, reply) => {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, request.params.file) ? ASSETS[request.params.file] : undefined;
    if (!asset) return reply.code(404).send({ error: 'not found' });
    let content = cache.get(request.params.file);
    if (!content) {
      content = readAsset(asset);
      cache.set(request.params.file, content);
    }
    return reply.header('content-type', `${asset.type}; charset=utf-8`).header('cache-control', 'public, max-age=3600').send(content);
  });
}

export function playgroundPage(): string {
  return PAGE;
}

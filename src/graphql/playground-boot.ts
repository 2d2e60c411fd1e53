/**
 * What the playground opens on: a Netia query to run once the key is in, and the header template.
 * tests/graphql/playground.test.ts runs the example against the schema, so a renamed field fails there.
 */
export const PLAYGROUND_EXAMPLE_QUERY = `# Netia GraphQL playground
#
# 1. In the Headers tab below, replace ntk_… with your API key
#    (\`npx netia tenant create\` or \`npx netia key create\` print one).
# 2. Run the query with the ▶ button or Ctrl-Enter.
# 3. The Docs button (book icon, top left) lists every type and field.

query TenantOverview {
  tenant {
    id
    name
  }
  conversations(first: 5) {
    totalCount
    edges {
      node {
        id
        updatedAt
        messages(last: 2) {
          edges {
            node {
              role
              content
            }
          }
        }
      }
    }
  }
}
`;

export const PLAYGROUND_KEY_PLACEHOLDER = 'ntk_…';

export const PLAYGROUND_HEADERS = `{\n  "Authorization": "Bearer ${PLAYGROUND_KEY_PLACEHOLDER}"\n}`;

/**
 * The browser script (plain ES5, no build step) that mounts GraphiQL.
 * - Headers (the API key) stay in this browser only while the visible "Remember headers" box is
 *   ticked: they are then kept under `netia:headers` and opened as the default headers; unticking
 *   erases them. GraphiQL's own header persistence is off (`shouldPersistHeaders: false`): on load it
 *   overwrites the stored headers before its editor exists, so they never came back. Its history
 *   plugin stores each run's headers whatever that setting says, so GraphiQL gets a storage that
 *   writes history and favourites with the header template in place of the real headers while the
 *   box is off.
 * - A header still holding the template's placeholder is not sent: the browser would refuse "…" in a
 *   header anyway, introspection needs no key (so Docs load at once), and a query gets the server's
 *   own "Missing API key" answer.
 */
export const PLAYGROUND_BOOT = `(function () {
  var EXAMPLE_QUERY = ${JSON.stringify(PLAYGROUND_EXAMPLE_QUERY)};
  var HEADERS = ${JSON.stringify(PLAYGROUND_HEADERS)};
  var PLACEHOLDER = ${JSON.stringify(PLAYGROUND_KEY_PLACEHOLDER)};
  var REMEMBERED = 'netia:headers';
  var HISTORY_LISTS = { 'graphiql:queries': 'queries', 'graphiql:favorites': 'favorites' };
  var h = React.createElement;
  // Subscriptions go over WebSocket to the same path (graphql-ws, bundled inside graphiql.min.js); the
  // Headers tab's Authorization travels as the connection_init payload, which is where the server reads it.
  var SUBSCRIPTION_URL = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + window.location.pathname;
  var baseFetcher = GraphiQL.createFetcher({ url: window.location.pathname, subscriptionUrl: SUBSCRIPTION_URL });

  function fetcher(params, options) {
    var headers = {};
    var given = (options && options.headers) || {};
    Object.keys(given).forEach(function (name) {
      if (String(given[name]).indexOf(PLACEHOLDER) === -1) headers[name] = given[name];
    });
    return baseFetcher(params, Object.assign({}, options, { headers: headers }));
  }

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  var remembered = read(REMEMBERED);
  var currentHeaders = remembered || HEADERS;

  function withoutHeaders(key, value) {
    if (!value) return value;
    if (key === 'graphiql:headers') return null;
    if (remembered !== null || !HISTORY_LISTS[key]) return value;
    try {
      var parsed = JSON.parse(value);
      (parsed[HISTORY_LISTS[key]] || []).forEach(function (item) {
        if (item && item.headers) item.headers = HEADERS;
      });
      return JSON.stringify(parsed);
    } catch (e) {
      return null;
    }
  }

  function graphiqlKeys() {
    return Object.keys(window.localStorage).filter(function (key) { return key.indexOf('graphiql:') === 0; });
  }

  var storage = {
    getItem: function (key) { return window.localStorage.getItem(key); },
    setItem: function (key, value) {
      var kept = withoutHeaders(key, value);
      if (kept === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, kept);
    },
    removeItem: function (key) { window.localStorage.removeItem(key); },
    clear: function () { graphiqlKeys().forEach(function (key) { window.localStorage.removeItem(key); }); },
  };
  Object.defineProperty(storage, 'length', { get: function () { return graphiqlKeys().length; } });

  /** Applies the choice to what is stored: with the box off, no stored headers remain. */
  function remember(on) {
    try {
      remembered = on ? currentHeaders : null;
      if (on) window.localStorage.setItem(REMEMBERED, currentHeaders);
      else window.localStorage.removeItem(REMEMBERED);
      ['graphiql:headers'].concat(Object.keys(HISTORY_LISTS)).forEach(function (key) {
        var value = window.localStorage.getItem(key);
        if (value !== null) storage.setItem(key, value);
      });
    } catch (e) { /* no localStorage: nothing is stored */ }
  }
  remember(remembered !== null);

  function Playground() {
    var state = React.useState(remembered !== null);
    var checked = state[0];
    var setChecked = state[1];
    return h('div', { className: 'netia-playground' },
      h('div', { className: 'netia-bar' },
        h('strong', null, 'Netia GraphQL'),
        h('span', null, 'Your API key goes in the Headers tab (Authorization: Bearer ntk_…).'),
        h('label', { title: 'Keeps your headers, API key included, in this browser\\'s localStorage' },
          h('input', {
            type: 'checkbox',
            id: 'netia-remember-headers',
            checked: checked,
            onChange: function (event) {
              remember(event.target.checked);
              setChecked(event.target.checked);
            },
          }),
          ' Remember headers in this browser (only on a device you trust)')),
      h('div', { className: 'netia-ide' },
        h(GraphiQL, {
          fetcher: fetcher,
          storage: storage,
          defaultQuery: EXAMPLE_QUERY,
          defaultHeaders: currentHeaders,
          onEditHeaders: function (value) {
            currentHeaders = value;
            if (remembered !== null) remember(true);
          },
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: false,
          defaultEditorToolsVisibility: 'headers',
        })));
  }

  ReactDOM.createRoot(document.getElementById('graphiql')).render(h(Playground));
})();
`;

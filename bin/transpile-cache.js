'use strict';
// Loads the TypeScript sources without a build step, and fast: each file is transpiled once
// (TypeScript's transpileModule, which is what ts-node's transpile-only mode does) and the result is
// cached under node_modules/.cache/netia, keyed by a hash of the compiler version, the compiler
// options and the file's path and text. A run that finds every file in the cache never loads the
// compiler (about a second of start-up on its own). On Node 22+ V8's compile cache is kept there too.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

function register(root) {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'netia');
  if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache(path.join(cacheDir, 'v8'));
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  const compilerVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json', { paths: [root] }), 'utf8')).version;
  const salt = `${compilerVersion}\0${JSON.stringify(tsconfig.compilerOptions)}\0`;
  let ts = null;
  let options = null;

  function transpile(source, filename) {
    if (!ts) {
      ts = require(require.resolve('typescript', { paths: [root] }));
      options = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, root).options;
    }
    return ts.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
  }

  function store(file, code) {
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, file); // atomic: a concurrent reader sees the whole file or none
    } catch {
      // A read-only checkout still works, only without the cache.
    }
  }

  require.extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const hash = crypto.createHash('sha256').update(salt).update(filename).update('\0').update(source).digest('hex');
    const cached = path.join(cacheDir, `${hash.slice(0, 40)}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
    } catch {
      code = transpile(source, filename);
      store(cached, code);
    }
    module._compile(code, filename);
  };
}

module.exports = { register };

#!/usr/bin/env node
'use strict';
// `npx netia …` from a checkout: the TypeScript CLI, transpiled once and cached (bin/transpile-cache.js).
const path = require('node:path');
require('./transpile-cache').register(path.join(__dirname, '..'));
require('../src/cli/netia.ts').main();

#!/usr/bin/env node
// Runs the TypeScript CLI directly (transpile-only), so `npx netia …` works from a checkout.
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('reflect-metadata');
require('../src/cli/netia.ts').main();

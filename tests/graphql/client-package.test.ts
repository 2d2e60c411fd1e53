import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, loadContext } from '@graphql-codegen/cli';
import { buildSchema, Kind, validate, type DocumentNode } from 'graphql';
import ts from 'typescript';
import * as client from '../../client';

const ROOT = path.resolve(__dirname, '../..');

describe('netia/client: the typed documents an SPA imports', () => {
  // Operations (`…Document`); fragments (`…FragmentDoc`) are validated inside the operations using them.
  const documents = Object.entries(client).filter(
    (entry): entry is [string, DocumentNode] => entry[0].endsWith('Document') && (entry[1] as { kind?: string } | null)?.kind === Kind.DOCUMENT,
  );

  it('is exported by the package: typed source, compiled module and the .graphql files', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const entry = pkg.exports['./client'];
    expect(fs.existsSync(path.join(ROOT, entry.types))).toBe(true);
    expect(entry.default).toBe('./dist/client/index.js');
    // `npm run build` compiles the typed source to exactly that file: asked of tsconfig.build.json itself,
    // so dropping client/ from its include (or moving outDir/rootDir) fails here, not in an SPA's build.
    const build = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const typesFile = path.join(ROOT, entry.types);
    expect(build?.fileNames).toContain(typesFile);
    expect(ts.getOutputFileNames(build!, typesFile, false)).toContain(path.join(ROOT, entry.default));
    const operations = pkg.exports['./client/operations/*'].replace('*', '');
    expect(fs.readdirSync(path.join(ROOT, operations)).filter((file) => file.endsWith('.graphql')).length).toBeGreaterThan(5);
  });

  it('is what `npm run codegen` makes of client/operations today (no drift)', async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(await loadContext(path.join(ROOT, 'codegen.yml')), false);
    expect(outputs.map((output) => output.filename)).toEqual(['client/generated.ts']);
    expect(outputs[0]?.content).toBe(fs.readFileSync(path.join(ROOT, 'client/generated.ts'), 'utf8'));
  });

  it('holds every operation, each valid against schema.graphql', () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
    expect(documents.map(([name]) => name)).toEqual(expect.arrayContaining(['TenantDocument', 'ConversationsDocument', 'CreateLeadDocument']));
    for (const [name, document] of documents) expect([name, validate(schema, document)]).toEqual([name, []]);
  });

  it('compiles to a module that loads nothing else: no server code in a browser bundle', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-client-'));
    try {
      // What tsc emits for each file (type-only imports vanish), without a full tsc run.
      for (const file of ['index', 'generated']) {
        const source = fs.readFileSync(path.join(ROOT, 'client', `${file}.ts`), 'utf8');
        const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
        fs.writeFileSync(path.join(outDir, `${file}.js`), outputText);
      }
      const loaded = execFileSync(
        process.execPath,
        ['-e', `const c = require(${JSON.stringify(path.join(outDir, 'index.js'))}); console.log(JSON.stringify({ modules: Object.keys(require.cache).length, tenant: c.TenantDocument.kind }))`],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(loaded)).toEqual({ modules: 2, tenant: 'Document' });
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

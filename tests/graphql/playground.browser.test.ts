import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { findChromium, launchChromium, type Browser } from '../support/browser';
import { waitFor } from '../support/wait-for';
import { createTestApp, tenantWithKey, type TestApp } from './harness';

/**
 * The playground in a real browser (Debian's chromium through playwright-core): the page loads with
 * no error, the Docs explorer has the schema, and a query typed with a real key answers.
 */
// What the page functions below use of the browser (the project compiles without the DOM library).
declare const window: { localStorage: { getItem(key: string): string | null } };
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

const chromium = findChromium();
const TIMEOUT = 180_000;
const TENANT_NAME = 'Playground Browser Shop';

/** GraphiQL's editors are CodeMirror 5 instances; reading one is enough, typing goes through the keyboard. */
async function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(`${selector} .CodeMirror`, (element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(`${selector} .CodeMirror`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // insertText, as a paste would: CodeMirror's bracket auto-closing reacts to key presses only.
  await page.keyboard.insertText(text);
  await page.waitForFunction(
    ([editor, expected]) =>
      (document.querySelector(`${editor} .CodeMirror`) as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue() === expected,
    [selector, text] as const,
  );
}

const QUERY_EDITOR = '.graphiql-query-editor';
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
const RESULT = '.graphiql-response';

if (!chromium.found) {
  // Jest lists nothing of a file whose tests are all skipped, so the reason goes to the output itself.
  process.stderr.write(`\nSKIPPED tests/graphql/playground.browser.test.ts: ${chromium.reason}\n`);
  describe('GraphQL playground in a browser', () => {
    it.skip(`is skipped: ${chromium.reason}`, () => undefined);
  });
} else {
  describe('GraphQL playground in a browser', () => {
    let t: TestApp;
    let browser: Browser;
    let url: string;
    let key: string;

    beforeAll(async () => {
      t = await createTestApp();
      ({ key } = await tenantWithKey(t.database, { tenant: { name: TENANT_NAME } }));
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/graphql`;
      browser = await launchChromium(chromium.executablePath);
    }, TIMEOUT);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    async function openPlayground(): Promise<{ page: Page; problems: string[]; encodings: Map<string, string> }> {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(60_000);
      const problems: string[] = [];
      const encodings = new Map<string, string>();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
        const name = new URL(response.url()).pathname.split('/').pop()!;
        encodings.set(name, response.headers()['content-encoding'] ?? 'identity');
      });
      await page.goto(url);
      await page.waitForSelector(`${QUERY_EDITOR} .CodeMirror`);
      return { page, problems, encodings };
    }

    it(
      'opens on a Netia example with no error, lists the schema in Docs, and answers a typed query',
      async () => {
        const { page, problems, encodings } = await openPlayground();
        expect(await editorValue(page, QUERY_EDITOR)).toContain('query TenantOverview');
        expect(JSON.parse(await editorValue(page, HEADERS_EDITOR))).toEqual({ Authorization: 'Bearer ntk_…' });
        expect(encodings.get('graphiql.min.js')).toMatch(/^(br|gzip)$/);

        // Docs: GraphiQL introspected on load (no key needed); the explorer finds the Conversation type.
        await page.click('[aria-label="Show Documentation Explorer"]');
        await page.fill('.graphiql-doc-explorer-search-input input', 'Conversation');
        await page.waitForSelector('.graphiql-doc-explorer-search-type:text-is("Conversation")');
        await page.keyboard.press('Escape');
        expect(await editorValue(page, RESULT)).toBe('');
        expect(problems).toEqual([]);

        await typeInto(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${key}` }));
        await typeInto(page, QUERY_EDITOR, 'query Mine { tenant { name } }');
        // GraphiQL reads the operation name from the editor after a short debounce; run once it has.
        await page.waitForFunction(() => window.localStorage.getItem('graphiql:operationName') === 'Mine');
        await page.click('.graphiql-execute-button');
        await page.waitForFunction(
          (name) => document.querySelector('.graphiql-response')?.textContent?.includes(name),
          TENANT_NAME,
        );
        expect(JSON.parse(await editorValue(page, RESULT))).toEqual({ data: { tenant: { name: TENANT_NAME } } });
        expect(problems).toEqual([]);
        // The run went into GraphiQL's history; the key did not ("Remember headers" is off).
        expect(await page.evaluate(() => window.localStorage.getItem('graphiql:queries'))).toContain('query Mine');
        expect(await page.evaluate(() => JSON.stringify(window.localStorage))).not.toContain(key);
        await page.close();
      },
      TIMEOUT,
    );

    it(
      'runs a subscription over WebSocket with the key from the Headers tab',
      async () => {
        const { page, problems } = await openPlayground();
        await typeInto(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${key}` }));
        await typeInto(page, QUERY_EDITOR, 'subscription Live { leadCaptured { intent } }');
        await page.waitForFunction(() => window.localStorage.getItem('graphiql:operationName') === 'Live');
        await page.click('.graphiql-execute-button');
        // Leads are created until one reaches the page: the first may precede the subscription's start.
        let created = 0;
        await waitFor(async () => {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ query: `mutation { createLead(input: { intent: "live_${++created}" }) { errors { code } } }` }),
          });
          expect(response.status).toBe(200);
          return (await editorValue(page, RESULT)).includes('live_');
        }, 60_000, 'a live event in the playground');
        expect(JSON.parse(await editorValue(page, RESULT))).toEqual({ data: { leadCaptured: { intent: expect.stringMatching(/^live_\d+$/) } } });
        expect(problems).toEqual([]);
        await page.close();
      },
      TIMEOUT,
    );

    it(
      'keeps the key in the browser only while "Remember headers" is ticked',
      async () => {
        const storage = (page: Page) => page.evaluate(() => JSON.stringify(window.localStorage));
        let { page } = await openPlayground();
        expect(await page.isChecked('#netia-remember-headers')).toBe(false);
        await typeInto(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${key}` }));
        await page.reload();
        await page.waitForSelector(`${HEADERS_EDITOR} .CodeMirror`);
        expect(await storage(page)).not.toContain(key);
        expect(await editorValue(page, HEADERS_EDITOR)).not.toContain(key);
        await page.close();

        ({ page } = await openPlayground());
        await page.check('#netia-remember-headers');
        await typeInto(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${key}` }));
        await page.waitForFunction((k) => JSON.stringify(window.localStorage).includes(k), key);
        for (let reload = 0; reload < 2; reload += 1) {
          await page.reload();
          await page.waitForSelector(`${HEADERS_EDITOR} .CodeMirror`);
          expect(await page.isChecked('#netia-remember-headers')).toBe(true);
          expect(await editorValue(page, HEADERS_EDITOR)).toContain(key);
        }
        await page.uncheck('#netia-remember-headers');
        await page.waitForFunction((k) => !JSON.stringify(window.localStorage).includes(k), key);
        await page.close();
      },
      TIMEOUT,
    );
  });
}

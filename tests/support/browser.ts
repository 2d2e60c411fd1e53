import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), or only CHROMIUM_PATH when set. No browser is downloaded. */
const CANDIDATES = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export type BrowserLookup = { found: true; executablePath: string } | { found: false; reason: string };

export function findChromium(): BrowserLookup {
  for (const candidate of CANDIDATES) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return { found: true, executablePath: candidate };
    } catch {
      // try the next one
    }
  }
  return {
    found: false,
    reason: `no Chromium found (looked at ${CANDIDATES.join(', ')}): install it with \`apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH`,
  };
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile and no network use of its own (updates, sync, QUIC). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-chromium-'));
  let context: BrowserContext;
  try {
    // launchPersistentContext is how Playwright takes a --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      timeout: 60_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/db/data-dir-lock';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');

/** A separate process that takes the lock of `dir`, reports `locked <pid>` or `refused <holder pid>`, holds it for `holdMs`, then exits normally. */
function contender(dir: string, options: { holdMs?: number } = {}) {
  const script = `
    require('./bin/transpile-cache').register(process.cwd());
    const { lockDataDir } = require('./src/db/data-dir-lock.ts');
    const [dir, holdMs] = process.argv.slice(1);
    try {
      lockDataDir(dir);
      console.log('locked ' + process.pid);
    } catch (error) {
      console.log('refused ' + (error.holder ? error.holder.pid : error.message));
    }
    setTimeout(() => process.exit(0), Number(holdMs));`;
  const child = spawn(process.execPath, ['-e', script, dir, String(options.holdMs ?? 0)], { cwd: ROOT });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const done = new Promise<string>((resolve) => child.once('close', () => resolve(output.trim())));
  return { child, done };
}

describe(lockDataDir.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a second process out while held, naming the holder, and lets it in once released', async () => {
    const lock = lockDataDir(dir);
    expect(fs.statSync(path.join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(await contender(dir).done).toBe(`refused ${process.pid}`);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.pid} .*delete ${path.join(dir, LOCK_FILE)}`));
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(await contender(dir).done).toMatch(/^locked \d+$/);
  });

  it('is released when its process exits, and taken over from a process that was killed', async () => {
    expect(await contender(dir).done).toMatch(/^locked/);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const killed = contender(dir, { holdMs: 60_000 });
    await new Promise<void>((resolve) => {
      const check = () => (fs.existsSync(path.join(dir, LOCK_FILE)) ? resolve() : setTimeout(check, 20));
      check();
    });
    killed.child.kill('SIGKILL');
    await killed.done;
    const stale = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
    expect(stale.pid).toBe(killed.child.pid);
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a stale lock only by claiming that very lock: one already claimed by another process is left to it', async () => {
    const stale = { pid: 2 ** 31 - 2, nonce: 'dead-owner', since: 'long ago' };
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(stale));
    // Another process has claimed this stale lock (its tombstone exists) and is about to replace it.
    fs.writeFileSync(path.join(dir, `${LOCK_FILE}.stale-${stale.nonce}`), JSON.stringify(stale));
    expect(() => lockDataDir(dir)).toThrow(/being taken over by another process/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toEqual(stale);
    // Unclaimed, the same stale lock is taken over.
    fs.rmSync(path.join(dir, `${LOCK_FILE}.stale-${stale.nonce}`));
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * One process per embedded database directory. PGlite keeps the database in the memory of the
 * process that opened it and writes its pages back from there: a second process on the same
 * directory reads a stale copy, and whichever writes last overwrites the other's data.
 *
 * The lock is a file in the data directory holding the owner's pid and a random nonce. Creating it
 * is atomic (link(2) of a complete temporary file fails if the lock exists). A lock whose pid is
 * dead is stale and may be taken over; the takeover claims that exact lock instance by linking it
 * to a tombstone named after its nonce (again atomic: of several processes seeing the same stale
 * lock, exactly one creates the tombstone), and only that claimant removes it. Tombstones are
 * deleted after TOMBSTONE_TTL_MS, far longer than a takeover takes.
 */

export const LOCK_FILE = 'netia.lock';
const TOMBSTONE_TTL_MS = 60_000;

export interface LockHolder {
  pid: number;
  nonce: string;
  since: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock if it is still this process's; idempotent. */
  release(): void;
}

/** The data directory is open in another live process. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} (since ${holder.since}): stop that process ` +
        `before opening the directory again (npx netia commands reach a running server by themselves); ` +
        `if no such process runs, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.nonce !== 'string') return null;
    return { pid: parsed.pid, nonce: parsed.nonce, since: String(parsed.since ?? 'unknown') };
  } catch {
    return null;
  }
}

/** The live process holding the directory's lock, or null (no lock, or a stale one). */
export function findLockHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(path.join(dataDir, LOCK_FILE));
  return holder && isAlive(holder.pid) ? holder : null;
}

function removeOldTombstones(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (!name.startsWith(`${LOCK_FILE}.stale-`)) continue;
    const file = path.join(dataDir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > TOMBSTONE_TTL_MS) fs.unlinkSync(file);
    } catch {
      // another process cleaned it up first
    }
  }
}

/** Atomically creates the lock with `content`; false when a lock already exists. */
function create(file: string, content: string): boolean {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.unlinkSync(temporary);
  }
}

/**
 * Takes the directory's lock for this process, taking over a stale one; throws DataDirLockedError
 * when a live process holds it. The lock is released by `release()` or when this process exits.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, nonce: randomUUID(), since: new Date().toISOString() };
  removeOldTombstones(dataDir);
  for (let attempt = 0; attempt < 10; attempt++) {
    if (create(file, JSON.stringify(mine))) return held(file, mine);
    const holder = readHolder(file);
    if (!holder) continue; // released meanwhile (or unreadable for a moment): try again
    if (isAlive(holder.pid)) throw new DataDirLockedError(dataDir, holder);
    const tombstone = `${file}.stale-${holder.nonce}`;
    try {
      fs.linkSync(file, tombstone);
    } catch {
      continue; // another process claimed this stale lock, or it is gone: try again
    }
    if (readHolder(tombstone)?.nonce !== holder.nonce) {
      // The stale lock was released and replaced in between: that is a live lock, not ours to remove.
      fs.rmSync(tombstone, { force: true });
      continue;
    }
    // This process alone claimed the stale instance `holder.nonce`, and `file` is still that instance.
    fs.unlinkSync(file);
  }
  throw new Error(`The lock of the data directory ${dataDir} is being taken over by another process; retry in a minute`);
}

function held(file: string, mine: LockHolder): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Only this process's own lock: a lock it lost (never expected) stays with its owner.
    if (readHolder(file)?.nonce === mine.nonce) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { file, release };
}

import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Write-once objects by key, outside the application database: where sealed audit archives live,
 * beside the checkpoints. Keys are `/`-separated (`<tenant>/archives/<id>/manifest.json`).
 *
 * The directory store is built in. An S3-compatible bucket fits the same four calls: `put` is a
 * PutObject with `If-None-Match: *` (never replace) and, on a bucket with Object Lock, a
 * COMPLIANCE retention until the archive's purge date; `get` is GetObject (null on 404); `list`
 * is ListObjectsV2 with the prefix. See README "Retention and archives".
 */
export interface ArchiveObjectStore {
  /** Where the objects are, for messages and the retention API (a folder, or `s3://bucket/prefix`). */
  readonly location: string;
  /** Writes an object once, from its chunks; `exists` (nothing written) when the key is taken. */
  put(
    key: string,
    body: Iterable<string> | AsyncIterable<string>,
  ): Promise<{ result: 'created' | 'exists'; sha256: string }>;
  /** An object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** The keys under a prefix (ending in `/`), sorted. */
  list(prefix: string): Promise<string[]>;
}

/** A key's part for a tenant: tenants are subdomains and cloud ids, encoded anyway so none names a path outside. */
export function tenantKey(tenant: string): string {
  const name = encodeURIComponent(tenant);
  if (name === '.' || name === '..' || name === '')
    throw new Error(`tenant ${JSON.stringify(tenant)} cannot name a folder`);
  return name;
}

/** Where a tenant's archive lives in the store: `<tenant>/archives/<id>/`. */
export const archivePrefix = (tenant: string, id?: string) => `${tenantKey(tenant)}/archives/${id ? `${id}/` : ''}`;

/**
 * Archives as files under a directory (the checkpoint directory, `CHECKPOINT_DIR`). Each object is
 * written to a temporary name, synced, then linked in place only if its key is free, so a reader
 * never sees half an object and nothing is ever replaced; files are made read-only.
 *
 * @example const store = directoryArchiveStore('/mnt/audit-checkpoints'); await store.list('demo/archives/');
 */
export function directoryArchiveStore(dir: string): ArchiveObjectStore {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    const path = resolve(root, ...key.split('/'));
    if (!path.startsWith(root + sep)) throw new Error(`archive key ${key} names a path outside ${root}`);
    return path;
  };
  return {
    location: root,
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.partial-${process.pid}-${Date.now()}`;
      const hash = createHash('sha256');
      let handle: FileHandle | null = await open(temp, 'wx', 0o444);
      try {
        for await (const chunk of body) {
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
        await handle.close();
        handle = null;
        try {
          // link fails when the name exists: no check-then-write race between instances.
          await link(temp, path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { result: 'exists', sha256: hash.digest('hex') };
          throw err;
        }
        return { result: 'created', sha256: hash.digest('hex') };
      } finally {
        await handle?.close();
        await rm(temp, { force: true });
      }
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async list(prefix) {
      const base = pathOf(`${prefix}x`).slice(0, -1);
      const keys: string[] = [];
      const walk = async (folder: string): Promise<void> => {
        let entries: Dirent[];
        try {
          entries = await readdir(folder, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        for (const entry of entries) {
          const path = join(folder, entry.name);
          if (entry.isDirectory()) await walk(path);
          else if (!entry.name.includes('.partial-')) keys.push(relative(root, path).split(sep).join('/'));
        }
      };
      await walk(base);
      return keys.sort();
    },
  };
}

/**
 * GET /v1/client/fs/{ls,stat,cat}/:alloc?path= - browse an allocation's directory. Every path
 * goes through resolveInAllocDir (no escape, symlinks resolved, secrets/ refused); files are
 * served as text/plain with nosniff (CVE-2020-10944) and opened with O_NOFOLLOW.
 */
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../api/errors.js';
import type { ClientAgent } from '../agent.js';
import { resolveInAllocDir } from '../allocdir/safe-path.js';
import { findAllocRunner } from './lookup.js';

/** AllocFileInfo is Nomad's file entry shape. */
export interface AllocFileInfo {
  Name: string;
  IsDir: boolean;
  Size: number;
  FileMode: string;
  ModTime: string;
}

function modeString(s: Stats): string {
  const kind = s.isDirectory() ? 'd' : s.isSymbolicLink() ? 'L' : '-';
  const bits = 'rwxrwxrwx'.split('').map((c, i) => ((s.mode >> (8 - i)) & 1 ? c : '-')).join('');
  return kind + bits;
}

function info(name: string, s: Stats): AllocFileInfo {
  return { Name: name, IsDir: s.isDirectory(), Size: s.size, FileMode: modeString(s), ModTime: s.mtime.toISOString() };
}

/** registerFsRoutes mounts ls, stat and cat. */
export function registerFsRoutes(app: FastifyInstance, agent: ClientAgent): void {
  app.get<{ Params: { alloc: string }; Querystring: { path?: string } }>('/v1/client/fs/ls/:alloc', async (req) => {
    const runner = findAllocRunner(agent, req.params.alloc);
    const p = await resolveInAllocDir(runner.allocDir.root, req.query.path ?? '/');
    const entries = await readdir(p.hostPath);
    const out: AllocFileInfo[] = [];
    for (const name of entries.sort()) {
      const s = await lstat(join(p.hostPath, name)).catch(() => undefined);
      if (s !== undefined) out.push(info(name, s));
    }
    return out;
  });

  app.get<{ Params: { alloc: string }; Querystring: { path?: string } }>('/v1/client/fs/stat/:alloc', async (req) => {
    const runner = findAllocRunner(agent, req.params.alloc);
    const p = await resolveInAllocDir(runner.allocDir.root, req.query.path ?? '/');
    return info(basename(p.hostPath), await lstat(p.hostPath));
  });

  app.get<{ Params: { alloc: string }; Querystring: { path?: string } }>('/v1/client/fs/cat/:alloc', async (req, reply) => {
    const runner = findAllocRunner(agent, req.params.alloc);
    const p = await resolveInAllocDir(runner.allocDir.root, req.query.path ?? '');
    const fh = await open(p.hostPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const s = await fh.stat();
      if (s.isDirectory()) throw new DroverError('DROVER_ERR_IS_DIRECTORY', `"${req.query.path ?? ''}" is a directory`, { statusCode: 400, location: 'path' });
      const data = await fh.readFile();
      void reply.header('X-Content-Type-Options', 'nosniff');
      void reply.type('text/plain; charset=utf-8');
      return reply.send(data);
    } finally {
      await fh.close();
    }
  });
}

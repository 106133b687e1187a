/**
 * GET /v1/client/fs/logs/:alloc - a task's rotated stdout/stderr as one continuous stream.
 * Query: task, type=stdout|stderr, origin=start|end, offset (bytes from the origin), follow,
 * plain=true (raw text) - otherwise Nomad's frames `{"File","Offset","Data"(base64)}`, one JSON
 * object per line. follow=true keeps streaming until the task is dead and everything was sent,
 * or the client disconnects.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../api/errors.js';
import type { ClientAgent } from '../agent.js';
import { listRotatedIndexes, rotatedLogPath } from '../logs/rotator.js';
import type { LogStream } from '../logs/rotator.js';
import { findAllocRunner, findTaskRunner } from './lookup.js';

interface LogsQuery { task?: string; type?: string; origin?: string; offset?: string; follow?: string; plain?: string }

interface LogFile { index: number; path: string; size: number; start: number }

async function logFiles(logDir: string, task: string, stream: LogStream): Promise<LogFile[]> {
  const out: LogFile[] = [];
  let start = 0;
  for (const index of await listRotatedIndexes(logDir, task, stream)) {
    const path = rotatedLogPath(logDir, task, stream, index);
    const size = await stat(path).then((s) => s.size, () => 0);
    out.push({ index, path, size, start });
    start += size;
  }
  return out;
}

/** readLogChunks yields [file name, offset in file, bytes] from absolute position `from` on. */
async function* readFrom(files: LogFile[], from: number): AsyncGenerator<{ file: LogFile; offset: number; data: Buffer }> {
  for (const f of files) {
    if (from >= f.start + f.size) continue;
    const offset = Math.max(0, from - f.start);
    const fh = await open(f.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const buf = Buffer.alloc(f.size - offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      if (bytesRead > 0) yield { file: f, offset, data: buf.subarray(0, bytesRead) };
    } finally {
      await fh.close();
    }
  }
}

/** registerLogsRoute mounts the logs endpoint. */
export function registerLogsRoute(app: FastifyInstance, agent: ClientAgent): void {
  // follow streams never end on their own while the task runs: end them when the app closes
  const openStreams = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const c of openStreams) c.abort();
  });
  app.get<{ Params: { alloc: string }; Querystring: LogsQuery }>('/v1/client/fs/logs/:alloc', async (req, reply) => {
    const runner = findAllocRunner(agent, req.params.alloc);
    const task = findTaskRunner(runner, req.query.task);
    const requested = req.query.type ?? 'stdout';
    if (requested !== 'stdout' && requested !== 'stderr') throw new DroverError('DROVER_ERR_INVALID_PARAM', `type must be stdout or stderr, not "${requested}"`, { statusCode: 400, location: 'type' });
    const type: LogStream = requested;
    const origin = req.query.origin ?? 'start';
    if (origin !== 'start' && origin !== 'end') throw new DroverError('DROVER_ERR_INVALID_PARAM', `origin must be start or end, not "${origin}"`, { statusCode: 400, location: 'origin' });
    const offset = Number(req.query.offset ?? '0');
    if (!Number.isInteger(offset) || offset < 0) throw new DroverError('DROVER_ERR_INVALID_PARAM', 'offset must be a non-negative integer', { statusCode: 400, location: 'offset' });
    const plain = req.query.plain === 'true';
    const follow = req.query.follow === 'true';
    const logDir = runner.allocDir.logDir;
    const initial = await logFiles(logDir, task.name, type);
    const total = initial.reduce((n, f) => n + f.size, 0);
    let pos = origin === 'start' ? Math.min(offset, total) : Math.max(0, total - offset);
    const closed = new AbortController();
    openStreams.add(closed);
    reply.raw.on('close', () => {
      closed.abort();
      openStreams.delete(closed);
    });

    async function* body(): AsyncGenerator<Buffer> {
      while (true) {
        const files = await logFiles(logDir, task.name, type);
        // rotation deleted files we had not read yet: skip to the oldest remaining byte
        const first = files[0];
        if (first !== undefined && pos < first.start) pos = first.start;
        for await (const chunk of readFrom(files, pos)) {
          pos = chunk.file.start + chunk.offset + chunk.data.length;
          if (plain) yield chunk.data;
          else yield Buffer.from(`${JSON.stringify({ File: `alloc/logs/${task.name}.${type}.${chunk.file.index}`, Offset: chunk.offset + chunk.data.length, Data: chunk.data.toString('base64') })}\n`);
        }
        if (!follow || closed.signal.aborted) return;
        if (task.isDead) {
          const after = await logFiles(logDir, task.name, type);
          if (after.reduce((n, f) => n + f.size, 0) <= pos) return;
          continue;
        }
        await new Promise((r) => setTimeout(r, 200));
        if (closed.signal.aborted) return;
      }
    }
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.type(plain ? 'text/plain; charset=utf-8' : 'application/json');
    return reply.send(Readable.from(body()));
  });
}

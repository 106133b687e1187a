/**
 * GET /v1/client/allocation/:id/exec (WebSocket): interactive `alloc exec` with Nomad's frames.
 * Query: task, command (JSON array), tty. Client frames: `{"stdin":{"data":b64}}`,
 * `{"stdin":{"close":true}}`, `{"tty_size":{"height":h,"width":w}}`. Server frames:
 * `{"stdout":{"data":b64}}`, `{"stderr":{"data":b64}}`, `{"exited":true,"result":{"exit_code":N}}`.
 * A driver without execStreaming answers 400 DROVER_ERR_EXEC_UNSUPPORTED before the upgrade.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { DroverError, isDroverError } from '../../api/errors.js';
import type { DriverPlugin } from '../../plugins/driver.js';
import type { ClientAgent } from '../agent.js';
import { findAllocRunner, findTaskRunner } from './lookup.js';

interface ExecQuery { task?: string; command?: string; tty?: string }

/** ExecTarget is a validated exec request. */
interface ExecTarget { driver: DriverPlugin; taskId: string; command: string[]; tty: boolean }

function resolveTarget(agent: ClientAgent, allocId: string, q: ExecQuery): ExecTarget {
  const runner = findAllocRunner(agent, allocId);
  const tr = findTaskRunner(runner, q.task);
  let command: unknown;
  try {
    command = JSON.parse(q.command ?? '');
  } catch {
    command = undefined;
  }
  if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string')) {
    throw new DroverError('DROVER_ERR_INVALID_PARAM', 'command must be a non-empty JSON array of strings', { statusCode: 400, location: 'command' });
  }
  const task = runner.alloc.Job.TaskGroups.find((g) => g.Name === runner.alloc.TaskGroup)?.Tasks.find((x) => x.Name === tr.name);
  const driver = task === undefined ? undefined : agent.drivers.get(task.Driver);
  if (driver?.execStreaming === undefined) {
    throw new DroverError('DROVER_ERR_EXEC_UNSUPPORTED', `driver "${task?.Driver ?? '?'}" does not support interactive exec`, { statusCode: 400, location: 'task' });
  }
  const taskId = tr.currentTaskId;
  if (taskId === undefined) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `task "${tr.name}" is not running`, { statusCode: 400, location: 'task' });
  return { driver, taskId, command: command as string[], tty: q.tty === 'true' };
}

/** AsyncQueue turns pushed values into an async iterable (ends on close). */
class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting: Array<(r: IteratorResult<T>) => void> = [];
  private closed = false;
  push(v: T): void {
    const w = this.waiting.shift();
    if (w !== undefined) w({ value: v, done: false });
    else this.items.push(v);
  }
  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w({ value: undefined, done: true });
  }
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const v = this.items.shift();
        if (v !== undefined) return Promise.resolve({ value: v, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiting.push(resolve));
      },
    };
  }
}

/** registerExecRoute mounts the exec WebSocket (requires @fastify/websocket on `app`). */
export function registerExecRoute(app: FastifyInstance, agent: ClientAgent): void {
  app.get<{ Params: { id: string }; Querystring: ExecQuery }>('/v1/client/allocation/:id/exec', {
    websocket: true,
    // validate before the upgrade so a bad request gets a plain HTTP 400
    preValidation: async (req: FastifyRequest<{ Params: { id: string }; Querystring: ExecQuery }>) => {
      resolveTarget(agent, req.params.id, req.query);
    },
  }, (socket: WebSocket, req: FastifyRequest<{ Params: { id: string }; Querystring: ExecQuery }>) => {
    const send = (frame: unknown): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    let target: ExecTarget;
    try {
      target = resolveTarget(agent, req.params.id, req.query);
    } catch (e) {
      send({ exited: true, result: { exit_code: -1 }, error: isDroverError(e) ? { code: e.code, message: e.message } : String(e) });
      socket.close();
      return;
    }
    const stdin = new AsyncQueue<Uint8Array>();
    const resize = new AsyncQueue<{ width: number; height: number }>();
    const abort = new AbortController();
    socket.on('message', (raw: Buffer) => {
      let frame: { stdin?: { data?: string; close?: boolean }; tty_size?: { height?: number; width?: number } };
      try {
        frame = JSON.parse(raw.toString('utf8')) as typeof frame;
      } catch {
        return;
      }
      if (frame.stdin?.data !== undefined) stdin.push(Buffer.from(frame.stdin.data, 'base64'));
      if (frame.stdin?.close === true) stdin.close();
      if (frame.tty_size !== undefined) resize.push({ width: frame.tty_size.width ?? 80, height: frame.tty_size.height ?? 24 });
    });
    socket.on('close', () => {
      abort.abort();
      stdin.close();
      resize.close();
    });
    const exec = target.driver.execStreaming;
    if (exec === undefined) return;
    exec.call(target.driver, target.taskId, {
      command: target.command, tty: target.tty, stdin, resize, signal: abort.signal,
      onStdout: (chunk) => send({ stdout: { data: Buffer.from(chunk).toString('base64') } }),
      onStderr: (chunk) => send({ stderr: { data: Buffer.from(chunk).toString('base64') } }),
    }).then((r) => {
      send({ exited: true, result: { exit_code: r.exitCode } });
    }, (e: unknown) => {
      send({ exited: true, result: { exit_code: -1 }, error: isDroverError(e) ? { code: e.code, message: e.message } : String(e) });
    }).finally(() => {
      stdin.close();
      resize.close();
      socket.close();
    });
  });
}

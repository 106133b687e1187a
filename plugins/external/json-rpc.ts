/**
 * A line-delimited JSON-RPC 2.0 peer: both the host and the SDK use it. Requests may be sent
 * and served concurrently in both directions; a request can be cancelled with an AbortSignal
 * (the peer gets `$/cancelRequest`).
 */
import type { Readable, Writable } from 'node:stream';
import { DroverError, isDroverError } from '../../api/errors.js';
import { CANCEL_NOTIFICATION, DRIVER_ERROR_CODE, MAX_LINE_BYTES } from './protocol.js';
import type { RpcErrorData } from './protocol.js';

type Json = unknown;

interface RpcMessage {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: Json;
  result?: Json;
  error?: { code: number; message: string; data?: Partial<RpcErrorData> };
}

/** RequestHandler serves one method; `signal` aborts when the caller cancels. */
export type RequestHandler = (params: Json, signal: AbortSignal) => Promise<Json>;

/** JsonRpcPeer speaks JSON-RPC over a readable/writable pair. */
export class JsonRpcPeer {
  private nextId = 1;
  private buffer = '';
  private closedError: DroverError | undefined;
  private readonly pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  private readonly serving = new Map<string, AbortController>();
  private readonly handlers = new Map<string, RequestHandler>();

  constructor(private readonly input: Readable, private readonly output: Writable, private readonly label: string) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.onData(chunk));
    input.on('end', () => this.close('connection closed'));
    input.on('error', (e) => this.close(e.message));
    output.on('error', (e) => this.close(e.message));
  }

  /** handle registers the server side of `method`. */
  handle(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  /** request calls `method` on the peer and resolves with its result. */
  request(method: string, params: Json, signal?: AbortSignal): Promise<Json> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise<Json>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(id);
        this.send({ jsonrpc: '2.0', method: CANCEL_NOTIFICATION, params: { id } });
        reject(new DroverError('DROVER_ERR_ABORTED', `${this.label}: ${method} cancelled`));
      };
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** close fails every pending call; later calls fail at once. */
  close(why: string): void {
    if (this.closedError !== undefined) return;
    this.closedError = new DroverError('DROVER_ERR_PLUGIN_EXITED', `${this.label}: ${why}`, { statusCode: 503 });
    for (const p of this.pending.values()) p.reject(this.closedError);
    this.pending.clear();
    for (const c of this.serving.values()) c.abort();
  }

  /** isClosed tells whether the connection is gone. */
  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  private send(message: RpcMessage): void {
    if (this.output.writable) this.output.write(`${JSON.stringify(message)}\n`);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.close(`message longer than ${MAX_LINE_BYTES} bytes`);
      this.input.destroy();
      return;
    }
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim() !== '') this.onLine(line);
      newline = this.buffer.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    let message: RpcMessage;
    try {
      message = JSON.parse(line) as RpcMessage;
    } catch {
      this.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
      return;
    }
    if (message.method !== undefined) return this.onRequest(message);
    if (typeof message.id !== 'number') return;
    const waiter = this.pending.get(message.id);
    if (waiter === undefined) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) {
      const data = message.error.data;
      waiter.reject(new DroverError(data?.droverCode ?? 'DROVER_ERR_PLUGIN_RPC', message.error.message, { statusCode: data?.statusCode ?? 500, ...(data?.location === undefined ? {} : { location: data.location }) }));
    } else {
      waiter.resolve(message.result ?? null);
    }
  }

  private onRequest(message: RpcMessage): void {
    const method = message.method ?? '';
    if (method === CANCEL_NOTIFICATION) {
      const id = (message.params as { id?: unknown } | undefined)?.id;
      this.serving.get(String(id))?.abort();
      return;
    }
    const id = message.id;
    const handler = this.handlers.get(method);
    if (id === undefined || id === null) return;
    if (handler === undefined) {
      this.send({ jsonrpc: '2.0', id, error: { code: -32601, message: `method not found: ${method}` } });
      return;
    }
    const controller = new AbortController();
    this.serving.set(String(id), controller);
    handler(message.params ?? null, controller.signal).then(
      (result) => this.send({ jsonrpc: '2.0', id, result: result ?? null }),
      (e: unknown) => {
        const data: RpcErrorData = isDroverError(e)
          ? { droverCode: e.code, statusCode: e.statusCode, ...(e.location === undefined ? {} : { location: e.location }) }
          : { droverCode: 'DROVER_ERR_PLUGIN_INTERNAL', statusCode: 500 };
        this.send({ jsonrpc: '2.0', id, error: { code: DRIVER_ERROR_CODE, message: e instanceof Error ? e.message : String(e), data } });
      },
    ).finally(() => this.serving.delete(String(id)));
  }
}

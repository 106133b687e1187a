/**
 * runExec: the client side of `alloc exec`, speaking Nomad's exec WebSocket frames
 * (client/http/exec.ts). Non-interactive runs close stdin at once; interactive runs copy
 * stdin in `{"stdin":{"data":b64}}` frames. Resolves with the remote command's exit code.
 */
import WebSocket from 'ws';
import { DroverError } from '../api/errors.js';

interface ExecFrame { stdout?: { data?: string }; stderr?: { data?: string }; exited?: boolean; result?: { exit_code?: number } }

/** runExec connects to `url` (ws://...) and relays the command's output. */
export function runExec(url: string, interactive: boolean, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, token ? { headers: { 'X-Nomad-Token': token } } : {});
    let done = false;
    ws.on('open', () => {
      if (!interactive) { ws.send(JSON.stringify({ stdin: { close: true } })); return; }
      process.stdin.on('data', (d: Buffer) => ws.send(JSON.stringify({ stdin: { data: d.toString('base64') } })));
      process.stdin.on('end', () => ws.send(JSON.stringify({ stdin: { close: true } })));
    });
    ws.on('message', (raw: Buffer) => {
      let f: ExecFrame;
      try { f = JSON.parse(raw.toString()) as ExecFrame; } catch { return; }
      if (f.stdout?.data) process.stdout.write(Buffer.from(f.stdout.data, 'base64'));
      if (f.stderr?.data) process.stderr.write(Buffer.from(f.stderr.data, 'base64'));
      if (f.exited) {
        done = true;
        ws.close();
        process.stdin.pause();
        resolve(f.result?.exit_code ?? 0);
      }
    });
    ws.on('close', () => {
      if (!done) reject(new DroverError('DROVER_ERR_EXEC_CLOSED', 'exec session closed before the command exited', { statusCode: 502 }));
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => {
        let message = body;
        try { message = String((JSON.parse(body) as { message?: unknown }).message ?? body); } catch { /* plain text */ }
        reject(new DroverError('DROVER_ERR_EXEC_REFUSED', `exec refused (HTTP ${res.statusCode ?? 0}): ${message}`, { statusCode: res.statusCode ?? 500 }));
      });
    });
    ws.on('error', (err) => reject(new DroverError('DROVER_ERR_EXEC_FAILED', `exec: ${err.message}`, { statusCode: 502, cause: err })));
  });
}

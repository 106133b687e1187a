/** A minimal QMP (QEMU Machine Protocol) client over the VM's unix socket. */
import { connect } from 'node:net';
import { DroverError } from '../../api/errors.js';

/** qmpCommand connects, negotiates capabilities, runs `command`, and returns its `return` value. */
export function qmpCommand(socketPath: string, command: string, timeoutMs = 5_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let buffer = '';
    let phase: 'greeting' | 'capabilities' | 'command' = 'greeting';
    const fail = (why: string): void => {
      socket.destroy();
      reject(new DroverError('DROVER_ERR_QEMU_QMP', `QMP ${command} via ${socketPath}: ${why}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs}ms`), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('error', (e) => {
      clearTimeout(timer);
      fail(e.message);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line === '') continue;
        const message = JSON.parse(line) as { QMP?: unknown; return?: unknown; error?: { desc?: string }; event?: string };
        if (message.event !== undefined) continue;
        if (message.error !== undefined) {
          clearTimeout(timer);
          return fail(message.error.desc ?? 'error');
        }
        if (phase === 'greeting' && message.QMP !== undefined) {
          phase = 'capabilities';
          socket.write(`${JSON.stringify({ execute: 'qmp_capabilities' })}\n`);
        } else if (phase === 'capabilities' && 'return' in message) {
          phase = 'command';
          socket.write(`${JSON.stringify({ execute: command })}\n`);
        } else if (phase === 'command' && 'return' in message) {
          clearTimeout(timer);
          socket.end();
          resolve(message.return);
        }
      }
    });
  });
}

/** freePort asks the kernel for an unused 127.0.0.1 TCP port. */
import { createServer } from 'node:net';

/** freePort returns a port that was free a moment ago (bind it soon). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

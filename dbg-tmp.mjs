import t from 'tap';
t.teardown(() => { setTimeout(() => { const hs = process._getActiveHandles(); console.error('HANDLES', hs.map(h => h.constructor.name + (h._idleTimeout ? ':' + h._idleTimeout : '') + (h.remotePort ? ':' + h.localPort + '->' + h.remotePort : ''))); process.exit(0); }, 3000).unref(); });
await import('/work/main/dist/test/client/http-ops.test.js');

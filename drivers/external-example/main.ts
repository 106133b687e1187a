/**
 * Plugin entry point of the example `shell` driver: put an executable wrapper in the agent's
 * plugin_dir that runs `node dist/drivers/external-example/main.js`.
 * DROVER_EXAMPLE_TRANSPORT=stdio selects the stdio transport instead of a unix socket.
 */
import { serveDriver } from '../../plugins/sdk/serve.js';
import { ShellDriver } from './shell-driver.js';

await serveDriver(new ShellDriver(), { transport: process.env['DROVER_EXAMPLE_TRANSPORT'] === 'stdio' ? 'stdio' : 'unix' });
process.exit(0);

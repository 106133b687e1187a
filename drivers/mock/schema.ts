/** mock_driver schemas: the knobs documented in contributing/mock-driver.md. */
import type { JSONSchema7 } from '../../plugins/json-schema.js';

const duration: JSONSchema7 = { type: 'string', pattern: '^(0|(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+)$' };

/** mockConfigSchema: the mock driver has no plugin options. */
export const mockConfigSchema: JSONSchema7 = { type: 'object', additionalProperties: false, properties: {} };

/** mockTaskConfigSchema: every knob of the mock driver. */
export const mockTaskConfigSchema: JSONSchema7 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    run_for: { ...duration, description: 'How long the task runs before exiting; 0/absent exits at once.' },
    exit_code: { type: 'integer', default: 0 },
    exit_signal: { type: 'integer', minimum: 0, default: 0 },
    exit_err_msg: { type: 'string' },
    start_error: { type: 'string', description: 'start() fails with this message.' },
    start_error_recoverable: { type: 'boolean', default: false },
    start_block_for: duration,
    kill_after: { ...duration, description: 'After a stop signal the task lingers this long (capped by the stop timeout).' },
    stdout_string: { type: 'string' },
    stdout_repeat: { type: 'integer', minimum: 0 },
    stdout_repeat_duration: duration,
    signal_error: { type: 'string', description: 'signal() fails with this message.' },
  },
};

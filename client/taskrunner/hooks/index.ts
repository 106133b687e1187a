/**
 * The task runner's hooks, in the order they run. Order is policy: each line says why it is here.
 */
import { artifactHook } from './artifact.js';
import { dispatchPayloadHook } from './dispatch-payload.js';
import { driverConfigHook } from './driver-config.js';
import { envHook } from './env.js';
import type { TaskHook } from './hook.js';
import { logsHook } from './logs.js';
import { taskDirHook } from './task-dir.js';
import { templateHook } from './template.js';
import { validateHook } from './validate.js';

/** taskHooks in run order (prestart in this order; stop hooks in this order too). */
export const taskHooks: readonly TaskHook[] = [
  validateHook,        // 1. refuse unknown/disabled drivers before touching the disk
  taskDirHook,         // 2. create alloc/ and <task>/{local,secrets,tmp}: later hooks write there
  envHook,             // 3. NOMAD_* env + interpolated driver config: needs the task dir paths
  driverConfigHook,    // 4. validate the interpolated config against the driver schema
  logsHook,            // 5. start log rotators: the driver needs the live log paths
  dispatchPayloadHook, // 6. payload into local/ (once)
  artifactHook,        // 7. artifacts into the task dir (once); may use the env for paths
  templateHook,        // 8. render templates last: they may read artifacts and the env
];

/** dispatch_payload hook: writes a dispatched job's payload to `local/<dispatch_payload.file>`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeJoinForWrite } from '../../allocdir/safe-join.js';
import type { PrestartHook } from './hook.js';

/** dispatchPayloadHook runs once per task (done after the first write). */
export const dispatchPayloadHook: PrestartHook = {
  name: 'dispatch_payload',
  async prestart(ctx) {
    const file = ctx.task.DispatchPayload?.File;
    const payload = ctx.alloc.Job.Payload;
    if (file === undefined || file === '' || payload === undefined || ctx.paths === undefined) return { done: true };
    const dest = await safeJoinForWrite(ctx.paths.localDir, file, `Task[${ctx.task.Name}].DispatchPayload.File`);
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, Buffer.from(payload, 'base64'), { mode: 0o644 });
    return { done: true };
  },
};

/**
 * AllocDir: the on-disk layout of one allocation (Nomad's, reference §6.6):
 *
 *   <dataDir>/alloc/<allocID>/
 *     alloc/{logs,data,tmp}     shared by the tasks (NOMAD_ALLOC_DIR)
 *     <task>/local              NOMAD_TASK_DIR (templates and artifacts)
 *     <task>/secrets            NOMAD_SECRETS_DIR, mode 0700, never served by the fs API
 *     <task>/tmp                mode 1777
 *
 * Building is idempotent, so a restarted agent can call it again safely.
 */
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DroverError } from '../../api/errors.js';

/** TaskDirPaths are the host paths of one task's directories. */
export interface TaskDirPaths {
  taskDir: string;
  localDir: string;
  secretsDir: string;
  tmpDir: string;
}

const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** AllocDir owns one allocation's directory tree. */
export class AllocDir {
  /** Root of the allocation: `<dataDir>/alloc/<allocID>`. */
  readonly root: string;
  /** Shared dir: `<root>/alloc`. */
  readonly sharedDir: string;
  /** Log dir: `<root>/alloc/logs`. */
  readonly logDir: string;

  constructor(allocsRoot: string, allocId: string) {
    this.root = join(allocsRoot, allocId);
    this.sharedDir = join(this.root, 'alloc');
    this.logDir = join(this.sharedDir, 'logs');
  }

  /** taskPaths returns the directories of `task` (validated: no path separators or dots). */
  taskPaths(task: string): TaskDirPaths {
    if (!TASK_NAME.test(task) || task === 'alloc') {
      throw new DroverError('DROVER_ERR_TASK_NAME_INVALID', `task name ${JSON.stringify(task)} cannot be used as a directory`, { statusCode: 400, location: 'Task.Name' });
    }
    const taskDir = join(this.root, task);
    return { taskDir, localDir: join(taskDir, 'local'), secretsDir: join(taskDir, 'secrets'), tmpDir: join(taskDir, 'tmp') };
  }

  /** build creates the shared directories. */
  async build(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o755 });
    for (const sub of ['logs', 'data', 'tmp']) await mkdir(join(this.sharedDir, sub), { recursive: true, mode: 0o755 });
    await chmod(join(this.sharedDir, 'tmp'), 0o1777);
  }

  /** buildTask creates one task's directories with their modes. */
  async buildTask(task: string): Promise<TaskDirPaths> {
    const p = this.taskPaths(task);
    await mkdir(p.localDir, { recursive: true, mode: 0o755 });
    await mkdir(p.secretsDir, { recursive: true, mode: 0o700 });
    await chmod(p.secretsDir, 0o700);
    await mkdir(p.tmpDir, { recursive: true });
    await chmod(p.tmpDir, 0o1777);
    return p;
  }

  /** destroy removes the whole allocation directory. */
  async destroy(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

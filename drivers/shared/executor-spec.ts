/**
 * The files shared between a driver and its task supervisor (drivers/shared/executor-main.ts).
 * Everything the supervisor knows is on disk in its state directory, so a restarted agent can
 * find the task and its exit status again (contributing/decisions/0008-task-survival.md).
 */
import { join } from 'node:path';

/** ExecutorSpec is what the supervisor runs; written to `<stateDir>/spec.json`. */
export interface ExecutorSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  stdoutPath: string;
  stderrPath: string;
  stateDir: string;
}

/** TaskStartRecord is written once the task process exists: `<stateDir>/task.json`. */
export interface TaskStartRecord {
  pid: number;
  startTime: number;
  startedAt: number;
}

/** TaskExitRecord is written when the task process exits: `<stateDir>/exit.json`. */
export interface TaskExitRecord {
  exitCode: number;
  signal: number;
  completedAt: number;
  err?: string;
}

/** StartErrorRecord is written when the task could not be started: `<stateDir>/start-error.json`. */
export interface StartErrorRecord {
  message: string;
  code: string;
}

/** executorFiles names the files of one supervisor state directory. */
export function executorFiles(stateDir: string): { spec: string; task: string; exit: string; startError: string; log: string } {
  return {
    spec: join(stateDir, 'spec.json'),
    task: join(stateDir, 'task.json'),
    exit: join(stateDir, 'exit.json'),
    startError: join(stateDir, 'start-error.json'),
    log: join(stateDir, 'executor.log'),
  };
}

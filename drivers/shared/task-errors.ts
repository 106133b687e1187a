/** Coded errors every driver throws the same way. */
import { DroverError } from '../../api/errors.js';

/** taskNotFound: the driver does not know the task (never started, destroyed, or not recoverable). */
export function taskNotFound(driver: string, taskId: string, why = 'unknown task'): DroverError {
  return new DroverError('DROVER_ERR_TASK_NOT_FOUND', `${driver}: ${why}: ${taskId}`, { statusCode: 404, location: 'taskId' });
}

/** taskStillRunning: destroy without force on a running task. */
export function taskStillRunning(driver: string, taskId: string): DroverError {
  return new DroverError('DROVER_ERR_TASK_RUNNING', `${driver}: task ${taskId} is still running; stop it or destroy with force`, { statusCode: 409, location: 'taskId' });
}

/** taskConfigInvalid: the task `config {}` block does not match the driver's schema. */
export function taskConfigInvalid(driver: string, errors: string[]): DroverError {
  return new DroverError('DROVER_ERR_TASK_CONFIG_INVALID', `${driver}: invalid task config: ${errors.join('; ')}`, {
    statusCode: 400,
    location: errors[0]?.split(':')[0],
  });
}

/** notSupported: an optional capability the driver does not have. */
export function notSupported(driver: string, what: string): DroverError {
  return new DroverError('DROVER_ERR_DRIVER_NOT_SUPPORTED', `${driver}: ${what} is not supported by this driver`, { statusCode: 400 });
}

/** Make sure a task's image is present: use the local one, or pull (always with force_pull). */
import type Dockerode from 'dockerode';
import { DroverError } from '../../api/errors.js';

function pullError(image: string, cause: unknown): DroverError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new DroverError('DROVER_ERR_DOCKER_IMAGE_PULL', `failed to pull image ${image}: ${why}`, { statusCode: 500, location: 'config.image', cause });
}

async function isPresent(docker: Dockerode, image: string): Promise<boolean> {
  return docker.getImage(image).inspect().then(() => true, () => false);
}

/** ensureImage returns once `image` exists locally; throws DROVER_ERR_DOCKER_IMAGE_PULL naming it. */
export async function ensureImage(docker: Dockerode, image: string, forcePull: boolean, timeoutMs: number): Promise<void> {
  if (!forcePull && (await isPresent(docker, image))) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        docker.pull(image, {}, (err: unknown, stream?: NodeJS.ReadableStream) => {
          if (err !== null && err !== undefined) return reject(pullError(image, err));
          if (stream === undefined) return reject(pullError(image, 'no pull stream'));
          docker.modem.followProgress(stream, (doneErr: Error | null) => (doneErr === null ? resolve() : reject(pullError(image, doneErr))));
        });
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(pullError(image, `timed out after ${timeoutMs}ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  if (!(await isPresent(docker, image))) throw pullError(image, 'image still missing after pull');
}

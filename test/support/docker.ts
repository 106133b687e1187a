/**
 * Docker availability for tests: a reachable engine and the locally built `busybox:1` image
 * (scripts/prepare-runtimes.sh builds it from Debian's busybox-static; no registry here).
 */
import Dockerode from 'dockerode';

/** TEST_IMAGE is the image docker tests run. */
export const TEST_IMAGE = 'busybox:1';

/** dockerUnavailableReason answers undefined when docker tests can run, else why they cannot. */
export async function dockerUnavailableReason(): Promise<string | undefined> {
  const docker = new Dockerode({ socketPath: '/var/run/docker.sock' });
  try {
    await docker.ping();
  } catch (e) {
    return `no Docker Engine at /var/run/docker.sock (${(e as Error).message}); run scripts/prepare-runtimes.sh`;
  }
  const present = await docker.getImage(TEST_IMAGE).inspect().then(() => true, () => false);
  return present ? undefined : `image ${TEST_IMAGE} missing; run scripts/prepare-runtimes.sh to build it from busybox-static`;
}

/**
 * `drover agent -dev` + a Docker busybox:1 service with count 3 and a dynamic port: three
 * running containers whose httpd answers on the assigned ports; stopping the job removes them.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { HttpClient } from '../../api/http-client.js';
import type { Allocation } from '../../api/structs/index.js';
import { startDevAgent, waitFor, tempDir } from '../support/agent.js';

function dockerReady(): string | undefined {
  try {
    execFileSync('docker', ['image', 'inspect', 'busybox:1'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no Docker Engine with a local busybox:1 image (scripts/prepare-runtimes.sh builds it)';
  }
}

/** containersOf lists running containers labelled with one of `allocIds`. */
function containersOf(allocIds: readonly string[]): string[] {
  return allocIds.flatMap((id) => {
    const out = execFileSync('docker', ['ps', '-q', '--filter', `label=com.drover.alloc_id=${id}`], { encoding: 'utf8' }).trim();
    return out ? out.split('\n') : [];
  });
}

const skip = dockerReady();
t.test('docker busybox service with count 3 and a dynamic port', { skip }, async (t) => {
  const agent = await startDevAgent(t);
  const api = new HttpClient({ address: agent.address });
  const dir = await tempDir(t, 'drover-docker-');
  const file = join(dir, 'web.nomad.hcl');
  const jobId = `web-${process.pid}`;
  await writeFile(file, `job "${jobId}" {
  group "web" {
    count = 3
    network {
      port "http" { to = 8080 }
    }
    task "httpd" {
      driver = "docker"
      config {
        image   = "busybox:1"
        command = "/bin/sh"
        args    = ["-c", "echo hello from $NOMAD_ALLOC_ID > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"]
        ports   = ["http"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
`);
  const allocIds: string[] = [];
  t.teardown(() => {
    for (const id of containersOf(allocIds)) execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
  });
  const run = agent.run(['job', 'run', file]);
  t.equal(run.code, 0, `job run exits 0 (${run.stderr})`);
  const running = await waitFor(async () => {
    const stubs = (await api.get<Array<{ ID: string; ClientStatus: string }>>(`/v1/job/${jobId}/allocations`)).value;
    return stubs.length === 3 && stubs.every((s) => s.ClientStatus === 'running') ? stubs : undefined;
  }, 'three running allocations', 120_000);
  allocIds.push(...running.map((r) => r.ID));
  for (const stub of running) {
    const alloc = (await api.get<Allocation>(`/v1/allocation/${stub.ID}`)).value;
    const port = alloc.AllocatedResources.Shared.Ports?.find((p) => p.Label === 'http');
    t.ok(port && port.Value >= 20000, `allocation ${stub.ID.slice(0, 8)} has a dynamic port`);
    const host = port!.HostIP || '127.0.0.1';
    const body = await waitFor(async () => {
      try {
        const res = await fetch(`http://${host}:${port!.Value}/index.html`);
        return res.ok ? res.text() : undefined;
      } catch { return undefined; }
    }, `httpd of ${stub.ID} answering`, 30_000);
    t.match(body, new RegExp(`hello from ${stub.ID}`), 'httpd answers on the assigned port with its own allocation ID');
  }
  t.equal(containersOf(allocIds).length, 3, 'three containers run');
  const stop = agent.run(['job', 'stop', jobId]);
  t.equal(stop.code, 0, `job stop exits 0 (${stop.stderr})`);
  await waitFor(() => (containersOf(allocIds).length === 0 ? true : undefined), 'containers removed', 60_000);
  t.pass('stopping the job removed the containers');
});

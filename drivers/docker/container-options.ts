/**
 * Turn a validated docker task config into Docker's ContainerCreateOptions, refusing every
 * dangerous option the plugin config does not allow (the "driver option deny matrix":
 * CVE-2020-28348 volumes, CVE-2026-14891 host namespaces, CVE-2026-14896 symlinked sources).
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ContainerCreateOptions } from 'dockerode';
import type { TaskConfig } from '../../plugins/driver.js';
import { DroverError } from '../../api/errors.js';
import { dockerDefaultCaps } from './schema.js';

/** DockerTaskConfig is the validated `config {}` block. */
export interface DockerTaskConfig {
  image: string;
  force_pull?: boolean;
  image_pull_timeout?: string;
  command?: string;
  args?: string[];
  entrypoint?: string[];
  work_dir?: string;
  hostname?: string;
  labels?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  network_mode?: string;
  pid_mode?: string;
  ipc_mode?: string;
  uts_mode?: string;
  privileged?: boolean;
  cap_add?: string[];
  cap_drop?: string[];
  readonly_rootfs?: boolean;
  memory_hard_limit?: number;
  init?: boolean;
}

/** DockerPolicy is what the plugin config allows. */
export interface DockerPolicy {
  allowPrivileged: boolean;
  allowCaps: string[];
  volumesEnabled: boolean;
  extraLabels: Record<string, string>;
}

/** Labels that let a restarted agent (and GC) find its containers. */
export const LABEL_ALLOC_ID = 'com.drover.alloc_id';
export const LABEL_TASK_NAME = 'com.drover.task_name';
export const LABEL_TASK_ID = 'com.drover.task_id';
/** Set when the plugin config has `node_id`: scopes GC when several clients share one engine. */
export const LABEL_NODE_ID = 'com.drover.node_id';

function refused(field: string, why: string): DroverError {
  return new DroverError('DROVER_ERR_DOCKER_OPTION_DENIED', `${field}: ${why}`, { statusCode: 400, location: field });
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** resolveVolumeSource resolves a `volumes` source (relative = task dir) and enforces the alloc-dir rule. */
async function resolveVolumeSource(source: string, field: string, config: TaskConfig, policy: DockerPolicy): Promise<string> {
  const path = isAbsolute(source) ? source : resolve(config.taskDir, source);
  // Resolve symlinks: a link inside the alloc dir pointing outside it must not pass the check.
  const real = await realpath(path).catch(() => path);
  const allocRoot = await realpath(config.allocDir).catch(() => config.allocDir);
  if (!policy.volumesEnabled && !isWithin(allocRoot, real)) {
    throw refused(field, `host path ${JSON.stringify(source)} is outside the allocation directory; enable plugin "docker" volumes to mount it`);
  }
  return real;
}

function checkHostModes(tc: DockerTaskConfig, policy: DockerPolicy): void {
  if (policy.allowPrivileged) return;
  if (tc.privileged === true) throw refused('config.privileged', 'privileged containers are not allowed by this client (allow_privileged)');
  const modes: Array<[string, string | undefined]> = [['network_mode', tc.network_mode], ['pid_mode', tc.pid_mode], ['ipc_mode', tc.ipc_mode], ['uts_mode', tc.uts_mode]];
  for (const [field, value] of modes) {
    if (value === 'host') throw refused(`config.${field}`, 'host namespaces are not allowed by this client (allow_privileged)');
  }
}

function checkCaps(tc: DockerTaskConfig, policy: DockerPolicy): string[] | undefined {
  if (tc.cap_add === undefined) return undefined;
  const allowed = new Set(policy.allowCaps.map((c) => c.toUpperCase().replace(/^CAP_/, '')));
  tc.cap_add.forEach((cap, i) => {
    const name = cap.toUpperCase().replace(/^CAP_/, '');
    if (!policy.allowPrivileged && !allowed.has(name) && !allowed.has('ALL')) throw refused(`config.cap_add[${i}]`, `capability ${cap} is not in allow_caps`);
  });
  return tc.cap_add;
}

/** buildContainerOptions returns the create options, or throws a field-named coded error. */
export async function buildContainerOptions(config: TaskConfig, tc: DockerTaskConfig, policy: DockerPolicy): Promise<ContainerCreateOptions> {
  checkHostModes(tc, policy);
  const capAdd = checkCaps(tc, policy);
  const binds: string[] = [];
  for (const [i, volume] of (tc.volumes ?? []).entries()) {
    const [source, target, mode, ...rest] = volume.split(':');
    const field = `config.volumes[${i}]`;
    if (source === undefined || source === '' || target === undefined || !target.startsWith('/') || rest.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
      throw refused(field, `expected "source:/target[:ro]", got ${JSON.stringify(volume)}`);
    }
    binds.push(`${await resolveVolumeSource(source, field, config, policy)}:${target}${mode === undefined ? '' : `:${mode}`}`);
  }
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const [i, label] of (tc.ports ?? []).entries()) {
    const port = config.resources.ports[label];
    if (port === undefined) throw refused(`config.ports[${i}]`, `port label ${JSON.stringify(label)} is not in the group network block`);
    const inside = port.to > 0 ? port.to : port.value;
    for (const proto of ['tcp', 'udp']) {
      exposed[`${inside}/${proto}`] = {};
      bindings[`${inside}/${proto}`] = [{ HostIp: port.hostIp, HostPort: String(port.value) }];
    }
  }
  const memoryMB = tc.memory_hard_limit ?? config.resources.memoryMaxMB ?? config.resources.memoryMB;
  const reservationMB = memoryMB > config.resources.memoryMB ? config.resources.memoryMB : undefined;
  const cmd = [...(tc.command === undefined ? [] : [tc.command]), ...(tc.args ?? [])];
  return {
    name: `${config.name}-${config.allocId}-${config.id.split('/').pop() ?? ''}`,
    Image: tc.image,
    ...(cmd.length > 0 ? { Cmd: cmd } : {}),
    ...(tc.entrypoint === undefined ? {} : { Entrypoint: tc.entrypoint }),
    ...(tc.work_dir === undefined ? {} : { WorkingDir: tc.work_dir }),
    ...(tc.hostname === undefined ? {} : { Hostname: tc.hostname }),
    ...(config.user === undefined ? {} : { User: config.user }),
    Env: Object.entries(config.env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...policy.extraLabels, ...tc.labels, [LABEL_ALLOC_ID]: config.allocId, [LABEL_TASK_NAME]: config.name, [LABEL_TASK_ID]: config.id },
    ExposedPorts: exposed,
    HostConfig: {
      Binds: [...binds, `${config.allocDir}/alloc:/alloc`, `${config.localDir}:/local`, `${config.secretsDir}:/secrets`],
      PortBindings: bindings,
      Memory: memoryMB * 1024 * 1024,
      MemorySwap: memoryMB * 1024 * 1024,
      ...(reservationMB === undefined ? {} : { MemoryReservation: reservationMB * 1024 * 1024 }),
      CpuShares: Math.max(2, config.resources.cpuMhz),
      Privileged: tc.privileged === true,
      ...(capAdd === undefined ? {} : { CapAdd: capAdd }),
      ...(tc.cap_drop === undefined ? {} : { CapDrop: tc.cap_drop }),
      ...(tc.network_mode === undefined ? {} : { NetworkMode: tc.network_mode }),
      ...(tc.pid_mode === undefined ? {} : { PidMode: tc.pid_mode }),
      ...(tc.ipc_mode === undefined ? {} : { IpcMode: tc.ipc_mode }),
      ...(tc.uts_mode === undefined ? {} : { UTSMode: tc.uts_mode }),
      ReadonlyRootfs: tc.readonly_rootfs === true,
      Init: tc.init === true,
      LogConfig: { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '2m' } },
    },
  };
}

/** defaultPolicy is the safe default: nothing dangerous allowed. */
export function defaultPolicy(): DockerPolicy {
  return { allowPrivileged: false, allowCaps: dockerDefaultCaps, volumesEnabled: false, extraLabels: {} };
}

/**
 * Validation of one task: driver, resources minimums, logs, lifecycle, templates, artifacts,
 * volume mounts, vault, services, placement.
 */
import type { Task } from '../../api/structs/job.js';
import { isJsonObject } from '../schema/spec.js';
import type { IssueSink } from './issues.js';
import { checkName, duplicates } from './names.js';
import { validateServices } from './network.js';
import { validateAffinities, validateConstraints } from './placement.js';
import { validateRestart } from './policies.js';

/** Resource minimums (Nomad): 1 MHz CPU, 10 MB memory. */
export const MIN_CPU_MHZ = 1;
export const MIN_MEMORY_MB = 10;

function stringField(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}

function validateResources(sink: IssueSink, task: Task): void {
  const r = task.Resources;
  const at = sink.at('Resources');
  const cores = r.Cores ?? 0;
  if (cores > 0 && r.CPU > 0) at.error('a task asks for either cpu or cores, not both', 'Cores');
  if (cores === 0 && r.CPU < MIN_CPU_MHZ) at.error(`minimum CPU value is ${MIN_CPU_MHZ} MHz, got ${r.CPU}`, 'CPU');
  if (r.MemoryMB < MIN_MEMORY_MB) at.error(`minimum memory value is ${MIN_MEMORY_MB} MB, got ${r.MemoryMB}`, 'MemoryMB');
  const max = r.MemoryMaxMB ?? 0;
  if (max !== 0 && max < r.MemoryMB) at.error(`memory_max (${max} MB) must be at least memory (${r.MemoryMB} MB)`, 'MemoryMaxMB');
  r.Devices?.forEach((d, i) => {
    const devAt = at.at('Devices', i, `device "${d.Name}"`);
    if (d.Name === '') devAt.error('device needs a name', 'Name');
    if (d.Count < 0) devAt.error('device count must not be negative', 'Count');
    validateConstraints(devAt, d.Constraints);
    validateAffinities(devAt, d.Affinities?.map((a) => ({ ...a })));
  });
}

function validateTemplates(sink: IssueSink, task: Task): void {
  const destinations: string[] = [];
  task.Templates?.forEach((tpl, i) => {
    const at = sink.at('Templates', i);
    const dest = stringField(tpl, 'DestPath');
    destinations.push(dest);
    if (dest === '') at.error('template needs a destination', 'DestPath');
    if (stringField(tpl, 'SourcePath') === '' && stringField(tpl, 'EmbeddedTmpl') === '') at.error('template needs a source or data', 'SourcePath');
    const mode = stringField(tpl, 'ChangeMode');
    if (mode === 'signal' && stringField(tpl, 'ChangeSignal') === '') at.error('template change_mode "signal" needs change_signal', 'ChangeSignal');
    const script = tpl.ChangeScript;
    if (mode === 'script' && !(isJsonObject(script) && typeof script.Command === 'string' && script.Command !== '')) at.error('template change_mode "script" needs change_script with a command', 'ChangeScript');
  });
  for (const dup of duplicates(destinations.filter((d) => d !== ''))) sink.error(`two templates render to "${dup}"`, 'Templates');
}

/** validateTask checks one task; `groupVolumes` are the labels of the group's volume blocks. */
export function validateTask(sink: IssueSink, task: Task, groupVolumes: ReadonlySet<string>, knownPorts: ReadonlySet<string>): void {
  checkName(sink, 'task name', task.Name, 'Name', { allowSpaces: true });
  if (task.Driver === '') sink.error('missing driver', 'Driver');
  validateResources(sink, task);
  if (task.KillTimeout < 0) sink.error('kill_timeout must not be negative', 'KillTimeout');
  if ((task.ShutdownDelay ?? 0) < 0) sink.error('shutdown_delay must not be negative', 'ShutdownDelay');
  if (task.LogConfig.MaxFiles < 1) sink.at('LogConfig').error('logs max_files must be at least 1', 'MaxFiles');
  if (task.LogConfig.MaxFileSizeMB < 1) sink.at('LogConfig').error('logs max_file_size must be at least 1 MB', 'MaxFileSizeMB');
  if (task.RestartPolicy !== undefined) validateRestart(sink.at('RestartPolicy'), task.RestartPolicy);
  validateConstraints(sink, task.Constraints);
  validateAffinities(sink, task.Affinities);
  validateServices(sink, task.Services, knownPorts);
  validateTemplates(sink, task);
  task.Artifacts?.forEach((a, i) => {
    if (stringField(a, 'GetterSource') === '') sink.at('Artifacts', i).error('artifact needs a source', 'GetterSource');
  });
  task.VolumeMounts?.forEach((m, i) => {
    const volume = stringField(m, 'Volume');
    if (!groupVolumes.has(volume)) sink.at('VolumeMounts', i).error(`volume_mount refers to volume "${volume}", which the group does not define`, 'Volume');
  });
  if (task.Vault !== undefined && stringField(task.Vault, 'ChangeMode') === 'signal' && stringField(task.Vault, 'ChangeSignal') === '') {
    sink.at('Vault').error('vault change_mode "signal" needs change_signal', 'ChangeSignal');
  }
  const payloadFile = task.DispatchPayload?.File ?? '';
  if (payloadFile.startsWith('/') || payloadFile.split('/').includes('..')) sink.at('DispatchPayload').error('dispatch_payload file must be relative to local/ and must not escape it', 'File');
}

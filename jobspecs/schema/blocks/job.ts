/**
 * The `job` block (+ `periodic`, `parameterized`, `multiregion`, `ui`) and the JSON-only fields
 * the server sets, which `nomad job inspect` output carries and the JSON format must accept.
 */
import { bool, field, freeform, int, many, one, str, strList, strMap, type BlockSpec } from '../spec.js';
import { groupBlock } from './group.js';
import { affinityBlock, constraintBlock, spreadBlock } from './placement.js';
import { migrateBlock, rescheduleBlock, updateBlock } from './policies.js';

/** periodicBlock makes a batch/sysbatch job a cron-launched parent. */
export const periodicBlock = {
  name: 'periodic',
  doc: 'Launches a child job on a cron schedule (batch and sysbatch jobs only).',
  fields: [
    field('cron', 'Spec', str(), 'Cron expression (5-7 fields or @hourly etc.).'),
    field('crons', 'Specs', strList, 'Several cron expressions; the earliest next launch wins.'),
    field(undefined, 'SpecType', str(['cron']), 'Spec type (always cron).', 'cron'),
    field('prohibit_overlap', 'ProhibitOverlap', bool, 'Skip a launch while a previous child is still running.', 'false'),
    field('time_zone', 'TimeZone', str(), 'IANA time zone of the cron expressions.', 'UTC'),
    field('enabled', 'Enabled', bool, 'Whether launches happen.', 'true'),
  ],
  finish: (p, ctx) => {
    if (p.Spec !== undefined && p.Specs !== undefined) ctx.fail('periodic: set either "cron" or "crons", not both');
    if (p.Spec !== undefined || p.Specs !== undefined) p.SpecType = 'cron';
  },
} satisfies BlockSpec;

/** parameterizedBlock makes a batch job a dispatchable template. */
export const parameterizedBlock = {
  name: 'parameterized',
  doc: 'Makes the job a template that `drover job dispatch` instantiates with a payload and meta.',
  fields: [
    field('payload', 'Payload', str(['optional', 'required', 'forbidden']), 'Whether a dispatch payload is allowed or required.', 'optional'),
    field('meta_required', 'MetaRequired', strList, 'Meta keys every dispatch must set.'),
    field('meta_optional', 'MetaOptional', strList, 'Meta keys a dispatch may set.'),
  ],
} satisfies BlockSpec;

/** multiregionStrategyBlock is the multiregion `strategy` block. */
export const multiregionStrategyBlock = {
  name: 'strategy',
  doc: 'How a multiregion deployment rolls out.',
  fields: [
    field('max_parallel', 'MaxParallel', int(0), 'Regions deployed at once.'),
    field('on_failure', 'OnFailure', str(['', 'fail_all', 'fail_local']), 'What failing regions do to the others.'),
  ],
} satisfies BlockSpec;

/** multiregionRegionBlock is `region "name"` inside multiregion. */
export const multiregionRegionBlock = {
  name: 'region',
  doc: 'A region the job is deployed to.',
  label: { json: 'Name', what: 'region name' },
  fields: [
    field(undefined, 'Name', str(), 'Region name.'),
    field('count', 'Count', int(0), 'Count of every group in this region.'),
    field('datacenters', 'Datacenters', strList, 'Datacenters in this region.'),
    field('node_pool', 'NodePool', str(), 'Node pool in this region.'),
    field('meta', 'Meta', strMap, 'Metadata for this region.'),
  ],
} satisfies BlockSpec;

/** multiregionBlock deploys the job to several regions. */
export const multiregionBlock = {
  name: 'multiregion',
  doc: 'Deploys the job to several federated regions, region by region.',
  fields: [
    field('strategy', 'Strategy', one(multiregionStrategyBlock), 'Rollout strategy.'),
    field('region', 'Regions', many(multiregionRegionBlock), 'Target regions, in rollout order.'),
  ],
} satisfies BlockSpec;

/** uiLinkBlock is a link shown on the job page of the UI. */
export const uiLinkBlock = {
  name: 'link',
  doc: 'A link shown on the job page.',
  fields: [field('label', 'Label', str(), 'Link text.'), field('url', 'Url', str(), 'Link target.')],
} satisfies BlockSpec;

/** uiBlock customises the job page of the web UI. */
export const uiBlock = {
  name: 'ui',
  doc: 'Description and links shown on the job page of the web UI.',
  fields: [
    field('description', 'Description', str(), 'Markdown description.'),
    field('link', 'Links', many(uiLinkBlock), 'Links.'),
  ],
} satisfies BlockSpec;

/** Fields the server sets; accepted (and mostly ignored) in the JSON format. */
const serverSetFields = [
  field(undefined, 'Stop', bool, 'The job is stopped.'),
  field(undefined, 'ParentID', str(), 'Parent of a periodic or dispatched child.'),
  field(undefined, 'Dispatched', bool, 'The job was dispatched from a parameterized job.'),
  field(undefined, 'DispatchIdempotencyToken', str(), 'Idempotency token of the dispatch.'),
  field(undefined, 'Payload', str(), 'Base64 dispatch payload.'),
  field(undefined, 'ConsulNamespace', str(), 'Consul namespace.'),
  field(undefined, 'VaultNamespace', str(), 'Vault namespace.'),
  field(undefined, 'ConsulToken', str(), 'Legacy Consul token.'),
  field(undefined, 'VaultToken', str(), 'Legacy Vault token.'),
  field(undefined, 'NomadTokenID', str(), 'Accessor of the submitting token.'),
  field(undefined, 'Status', str(), 'Job status (server-set).'),
  field(undefined, 'StatusDescription', str(), 'Status description (server-set).'),
  field(undefined, 'Stable', bool, 'Version is stable (server-set).'),
  field(undefined, 'Version', int(0), 'Job version (server-set).'),
  field(undefined, 'SubmitTime', int(), 'Submit time in Unix ns (server-set).'),
  field(undefined, 'CreateIndex', int(0), 'Create index (server-set).'),
  field(undefined, 'ModifyIndex', int(0), 'Modify index (server-set).'),
  field(undefined, 'JobModifyIndex', int(0), 'Job modify index (server-set).'),
  field(undefined, 'VersionTag', freeform, 'Version tag (server-set).'),
];

/** jobBlock is `job "id" { ... }`, the root of a jobspec. */
export const jobBlock = {
  name: 'job',
  doc: 'The root of a jobspec: one job, identified by its label (the job ID).',
  label: { json: 'ID', what: 'job ID' },
  requiredJson: ['ID'],
  fields: [
    field(undefined, 'ID', str(), 'Job ID, unique in the namespace (the `job` label).'),
    field('name', 'Name', str(), 'Display name.', 'the job ID'),
    field('region', 'Region', str(), 'Region the job runs in.', 'global'),
    field('namespace', 'Namespace', str(), 'Namespace.', 'default'),
    field('type', 'Type', str(['service', 'batch', 'system', 'sysbatch']), 'Scheduler: service (long-running), batch, system (every node), sysbatch.', 'service'),
    field('priority', 'Priority', int(), 'Scheduling priority, 1..100.', '50'),
    field('all_at_once', 'AllAtOnce', bool, 'Place all allocations at once or none.', 'false'),
    field('datacenters', 'Datacenters', strList, 'Datacenters to run in (globs allowed).', '["*"]'),
    field('node_pool', 'NodePool', str(), 'Node pool to run in.', 'default'),
    field('constraint', 'Constraints', many(constraintBlock), 'Placement constraints.'),
    field('affinity', 'Affinities', many(affinityBlock), 'Placement preferences.'),
    field('spread', 'Spreads', many(spreadBlock), 'Spread over attribute values.'),
    field('group', 'TaskGroups', many(groupBlock), 'Task groups.'),
    field('update', 'Update', one(updateBlock), 'Update strategy of all groups.'),
    field('multiregion', 'Multiregion', one(multiregionBlock), 'Multiregion deployment.'),
    field('periodic', 'Periodic', one(periodicBlock), 'Cron launches.'),
    field('parameterized', 'ParameterizedJob', one(parameterizedBlock), 'Dispatchable template.'),
    field('reschedule', 'Reschedule', one(rescheduleBlock), 'Reschedule policy of all groups.'),
    field('migrate', 'Migrate', one(migrateBlock), 'Migrate strategy of all groups.'),
    field('meta', 'Meta', strMap, 'Metadata.'),
    field('ui', 'UI', one(uiBlock), 'Web UI description and links.'),
    ...serverSetFields,
  ],
} satisfies BlockSpec;


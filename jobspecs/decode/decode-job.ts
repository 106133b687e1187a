/**
 * The root of the HCL decode: an evaluated file body -> the submitted JSON job (what
 * `nomad job run -output` prints, minus unset fields). Exactly one `job` block per file.
 */
import { DroverError } from '../../api/errors.js';
import type { HclBody, SourcePos } from '../hcl/body.js';
import { jobBlock } from '../schema/blocks/job.js';
import type { SubmittedJob } from '../schema/types.js';
import { didYouMean } from '../schema/suggest.js';
import { decodeBlock, type DecodeContext, type DecodeProblem } from './decode-block.js';

/** Top-level blocks the HCL layer consumes itself; the decoder skips them if they remain. */
const LANGUAGE_BLOCKS = new Set(['variable', 'variables', 'locals']);

/** formatPos renders `file:line:col`. */
export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** jobspecError is the DROVER_ERR_JOBSPEC_INVALID error for decode problems (first one locates it). */
export function jobspecError(problems: readonly DecodeProblem[]): DroverError {
  const first = problems[0];
  const location = first === undefined ? undefined : formatPos(first.pos);
  const lines = problems.map((p) => `${formatPos(p.pos)}: ${p.message}`);
  const opts: { statusCode: number; location?: string } = { statusCode: 400 };
  if (location !== undefined) opts.location = location;
  return new DroverError('DROVER_ERR_JOBSPEC_INVALID', lines.join('\n'), opts);
}

/** JobSourceMap maps JSON paths of a decoded job (`Job.TaskGroups[0].Count`) to source positions. */
export type JobSourceMap = Map<string, SourcePos>;

/**
 * decodeJobBody decodes a whole evaluated file; throws DROVER_ERR_JOBSPEC_INVALID with a
 * location. When `positions` is given it is filled with the source position of every path.
 */
export function decodeJobBody(body: HclBody, positions?: JobSourceMap): SubmittedJob {
  const ctx: DecodeContext = { problems: [] };
  if (positions !== undefined) ctx.positions = positions;
  for (const attr of body.attributes) {
    ctx.problems.push({ pos: attr.pos, message: `unexpected top-level attribute "${attr.name}"; a jobspec holds one job block` });
  }
  const jobBlocks = [];
  for (const block of body.blocks) {
    if (block.type === 'job') jobBlocks.push(block);
    else if (!LANGUAGE_BLOCKS.has(block.type)) {
      ctx.problems.push({ pos: block.pos, message: `unknown top-level block "${block.type}"${didYouMean(block.type, ['job', 'variable', 'locals'])}` });
    }
  }
  const [first, second] = jobBlocks;
  if (first === undefined) {
    ctx.problems.push({ pos: body.pos, message: 'a jobspec must contain exactly one job block, found none' });
  } else if (second !== undefined) {
    ctx.problems.push({ pos: second.pos, message: `only one job block is allowed per jobspec (first one is at ${formatPos(first.pos)})` });
  }
  const decoded = first === undefined ? undefined : decodeBlock(first, jobBlock, ctx, 'Job');
  if (ctx.problems.length > 0 || decoded === undefined) {
    ctx.problems.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
    throw jobspecError(ctx.problems);
  }
  const id = decoded.ID;
  if (typeof id !== 'string') throw jobspecError([{ pos: body.pos, message: 'job ID missing' }]);
  // Like Nomad's jobspec2: the display name defaults to the ID.
  const job: SubmittedJob = { ...decoded, ID: id, Name: typeof decoded.Name === 'string' ? decoded.Name : id };
  return reorderNameAfterId(job);
}

/** reorderNameAfterId keeps `ID, Name` first in the printed JSON, as Nomad prints them. */
function reorderNameAfterId(job: SubmittedJob): SubmittedJob {
  const { ID, Name, ...rest } = job;
  return { ID, Name, ...rest } as SubmittedJob;
}

/**
 * Locating validation issues in the jobspec source: a validation issue carries the JSON path of
 * the canonical job (`Job.TaskGroups[0].Tasks[1].Resources.MemoryMB`); the decoder's source map
 * knows where each submitted path came from. The longest known prefix wins, so a default that
 * canonicalize filled in is reported at the block that lacks it.
 */
import type { SourcePos } from '../hcl/body.js';
import type { JobSourceMap } from './decode-job.js';

/** parentPath strips the last `.key`, `[index]` or `["label"]` of a JSON path. */
function parentPath(path: string): string | undefined {
  const match = /(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(path);
  if (match === null) return undefined;
  return path.slice(0, match.index);
}

/** sourcePosOf returns the position of the closest decoded ancestor of `path`, if any. */
export function sourcePosOf(path: string, positions: JobSourceMap): SourcePos | undefined {
  let current: string | undefined = path;
  while (current !== undefined && current !== '') {
    const pos = positions.get(current);
    if (pos !== undefined) return pos;
    current = parentPath(current);
  }
  return undefined;
}

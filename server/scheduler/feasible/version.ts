/**
 * Version constraints for the `version` operand (go-version rules: loose versions such as
 * "1.2", "v1.2.3-beta", operators = != > < >= <= ~>, comma = AND) and the `semver` operand
 * (strict Semantic Versioning 2.0: X.Y.Z[-pre][+meta], no `~>`).
 */

/** ParsedVersion is a version split into numeric segments and a pre-release tag. */
export interface ParsedVersion {
  readonly segments: readonly number[];
  /** How many segments were written (before padding to 3). */
  readonly specified: number;
  readonly prerelease: string;
}

const LOOSE = /^v?(\d+(?:\.\d+)*)(?:-?([0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*))?(?:\+[0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*)?$/;
const STRICT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** parseVersion parses a version; `strict` selects Semantic Versioning 2.0 syntax. */
export function parseVersion(text: string, strict: boolean): ParsedVersion | undefined {
  const s = text.trim();
  if (strict) {
    const m = STRICT.exec(s);
    if (m === null) return undefined;
    return { segments: [Number(m[1]), Number(m[2]), Number(m[3])], specified: 3, prerelease: m[4] ?? '' };
  }
  const m = LOOSE.exec(s);
  if (m === null || m[1] === undefined) return undefined;
  const segments = m[1].split('.').map(Number);
  const specified = segments.length;
  while (segments.length < 3) segments.push(0);
  return { segments, specified, prerelease: m[2] ?? '' };
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1; // a release sorts after its pre-releases
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) {
      const d = Number(x) - Number(y);
      if (d !== 0) return Math.sign(d);
    } else if (xNum !== yNum) {
      return xNum ? -1 : 1; // numeric identifiers sort before alphanumeric ones
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** compareVersions orders two versions (-1, 0, 1); build metadata is ignored. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = (a.segments[i] ?? 0) - (b.segments[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

function sameSegments(a: ParsedVersion, b: ParsedVersion): boolean {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) if ((a.segments[i] ?? 0) !== (b.segments[i] ?? 0)) return false;
  return true;
}

/** go-version: a pre-release version only satisfies ordering constraints that name a
 * pre-release of the same base version. */
function prereleaseAllowed(v: ParsedVersion, c: ParsedVersion): boolean {
  if (v.prerelease !== '' && c.prerelease !== '') return sameSegments(v, c);
  if (v.prerelease !== '' && c.prerelease === '') return false;
  return true;
}

type Operator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';
const CLAUSE = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/;

function satisfies(v: ParsedVersion, op: Operator, c: ParsedVersion, strict: boolean): boolean {
  const cmp = compareVersions(v, c);
  const ordered = strict || prereleaseAllowed(v, c);
  switch (op) {
    case '=': return cmp === 0;
    case '!=': return cmp !== 0;
    case '>': return ordered && cmp > 0;
    case '<': return ordered && cmp < 0;
    case '>=': return ordered && cmp >= 0;
    case '<=': return ordered && cmp <= 0;
    case '~>': {
      if (!ordered || (c.prerelease !== '' && v.prerelease === '') || cmp < 0) return false;
      const fixed = Math.max(1, c.specified - 1);
      for (let i = 0; i < fixed; i++) if ((v.segments[i] ?? 0) !== (c.segments[i] ?? 0)) return false;
      return true;
    }
  }
}

/** versionSatisfies: does `version` satisfy every comma-separated clause of `constraint`?
 * Unparseable input never satisfies. */
export function versionSatisfies(version: string, constraint: string, strict: boolean): boolean {
  const v = parseVersion(version, strict);
  if (v === undefined) return false;
  const clauses = constraint.split(',');
  if (clauses.length === 0) return false;
  for (const clause of clauses) {
    const m = CLAUSE.exec(clause);
    if (m === null || m[2] === undefined) return false;
    const op = (m[1] ?? '=') as Operator;
    if (strict && op === '~>') return false;
    const c = parseVersion(m[2], strict);
    if (c === undefined || !satisfies(v, op, c, strict)) return false;
  }
  return true;
}

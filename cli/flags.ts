/**
 * Nomad flag style on top of commander: single-dash long flags, and `alloc exec`'s remote
 * command passed through untouched.
 */

const VALUE_FLAGS = new Set(['task', 'address', 'token', 'region', 'namespace']);

/**
 * normalizeFlags lets Nomad-style `-flag` work with commander (which wants `--flag`). For
 * `alloc exec`, flags stop at the allocation ID (as in Nomad): everything after it is the
 * remote command, passed through untouched behind a `--`.
 */
export function normalizeFlags(argv: readonly string[]): string[] {
  const norm = (a: string): string => (/^-[a-zA-Z][\w-]+(=.*)?$/.test(a) ? `-${a}` : a);
  if (argv[0] === 'alloc' && argv[1] === 'exec') {
    const out = ['alloc', 'exec'];
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') return [...out, ...argv.slice(i)];
      if (!a.startsWith('-')) return [...out, a, '--', ...argv.slice(i + 1)];
      const f = norm(a);
      out.push(f);
      if (!f.includes('=') && VALUE_FLAGS.has(f.replace(/^-+/, '')) && i + 1 < argv.length) out.push(argv[++i]!);
    }
    return out;
  }
  return argv.map(norm);
}

/**
 * renderJobDiff: Nomad's `job plan` diff — `+` added, `-` deleted, `+/-` edited, with
 * annotations such as "(forces create/destroy update)" and per-group update counts.
 */
import type { FieldDiff, JobDiff, ObjectDiff, TaskDiff, TaskGroupDiff } from '../../jobspecs/index.js';
import { paint } from './format.js';

const marker = (t: string): string => {
  switch (t) {
    case 'Added': return paint('+', 'green');
    case 'Deleted': return paint('-', 'red');
    case 'Edited': return paint('+/-', 'yellow');
    default: return ' ';
  }
};

function field(f: FieldDiff, pad: string): string {
  const ann = f.Annotations?.length ? ` (${f.Annotations.join(', ')})` : '';
  switch (f.Type) {
    case 'Added': return `${pad}${marker('Added')} ${f.Name}: "${f.New}"${ann}`;
    case 'Deleted': return `${pad}${marker('Deleted')} ${f.Name}: "${f.Old}"${ann}`;
    case 'Edited': return `${pad}${marker('Edited')} ${f.Name}: "${f.Old}" => "${f.New}"${ann}`;
    default: return `${pad}  ${f.Name}: "${f.New}"`;
  }
}

function object(o: ObjectDiff, pad: string, out: string[], verbose: boolean): void {
  out.push(`${pad}${marker(o.Type)} ${o.Name} {`);
  for (const f of o.Fields ?? []) if (verbose || f.Type !== 'None') out.push(field(f, `${pad}  `));
  for (const x of o.Objects ?? []) if (verbose || x.Type !== 'None') object(x, `${pad}  `, out, verbose);
  out.push(`${pad}  }`);
}

function task(tk: TaskDiff, pad: string, out: string[], verbose: boolean): void {
  const ann = tk.Annotations?.length ? ` (${tk.Annotations.join(', ')})` : '';
  out.push(`${pad}${marker(tk.Type)} Task: "${tk.Name}"${ann}`);
  for (const f of tk.Fields ?? []) if (verbose || f.Type !== 'None') out.push(field(f, `${pad}  `));
  for (const o of tk.Objects ?? []) if (verbose || o.Type !== 'None') object(o, `${pad}  `, out, verbose);
}

function group(g: TaskGroupDiff, out: string[], verbose: boolean): void {
  const updates = Object.entries(g.Updates ?? {}).filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${n} ${k}`);
  out.push(`${marker(g.Type)} Task Group: "${g.Name}"${updates.length ? ` (${updates.join(', ')})` : ''}`);
  for (const f of g.Fields ?? []) if (verbose || f.Type !== 'None') out.push(field(f, '  '));
  for (const o of g.Objects ?? []) if (verbose || o.Type !== 'None') object(o, '  ', out, verbose);
  for (const t of g.Tasks ?? []) if (verbose || t.Type !== 'None') task(t, '  ', out, verbose);
}

/** renderJobDiff returns the printable diff. */
export function renderJobDiff(d: JobDiff, verbose = false): string {
  const out = [`${marker(d.Type)} Job: "${d.ID}"`];
  for (const f of d.Fields ?? []) if (verbose || f.Type !== 'None') out.push(field(f, ''));
  for (const o of d.Objects ?? []) if (verbose || o.Type !== 'None') object(o, '', out, verbose);
  for (const g of d.TaskGroups ?? []) group(g, out, verbose);
  return out.join('\n');
}

// Templates: interpolation, directives, strip markers, escapes, heredocs (plain and <<-),
// and Nomad runtime references that must stay untouched.
import t from 'tap';
import { evalOrError } from './helpers.js';

const prelude = `
variable "name" {
  default = "web"
}
locals {
  items = ["a", "b"]
  on    = true
  n     = 3
  map   = { x = 1 }
}`;

const cases: Array<[string, unknown, string]> = [
  ['"hello ${var.name}"', 'hello web', 'interpolation in text'],
  ['"${local.n}"', 3, 'a lone interpolation keeps the value type'],
  ['"${local.items}"', ['a', 'b'], 'a lone interpolation of a list returns the list'],
  ['"n=${local.n} on=${local.on}"', 'n=3 on=true', 'numbers and bools render as text'],
  ['"${1.5 + 1}"', 2.5, 'arithmetic inside interpolation'],
  ['"$${literal}"', '${literal}', '$${ escapes interpolation'],
  ['"%%{literal}"', '%{literal}', '%%{ escapes directives'],
  ['"$ and % alone"', '$ and % alone', 'lone $ and % are literal'],
  ['"%{ if local.on }yes%{ else }no%{ endif }"', 'yes', 'if/else directive (true)'],
  ['"%{ if !local.on }yes%{ else }no%{ endif }"', 'no', 'if/else directive (false)'],
  ['"%{ if local.on }only%{ endif }"', 'only', 'if without else'],
  ['"%{ for x in local.items }[${x}]%{ endfor }"', '[a][b]', 'for directive over a list'],
  ['"%{ for i, x in local.items }${i}=${x};%{ endfor }"', '0=a;1=b;', 'for directive with index'],
  ['"%{ for k, v in local.map }${k}:${v}%{ endfor }"', 'x:1', 'for directive over a map'],
  ['"a  ${~ "b" ~}  c"', 'abc', 'strip markers on both sides'],
  ['"a  ${~ "b"}  c"', 'ab  c', 'strip marker before only'],
  ['"%{ for x in local.items ~}\\n${x}\\n%{~ endfor }"', 'ab', 'strip markers around a for body'],
  ['"{{ .Foo }} {{ env \\"X\\" }}"', '{{ .Foo }} {{ env "X" }}', 'Go template text passes through'],
  // heredocs
  ['<<EOF\nline one\n  line two\nEOF\n', 'line one\n  line two\n', 'plain heredoc keeps indentation'],
  ['<<-EOF\n    indented ${var.name}\n      more\n    EOF\n', 'indented web\n  more\n', '<<- strips the common indentation'],
  ['<<-EOF\n    a\n\n    b\n  EOF\n', 'a\n\nb\n', '<<- ignores blank lines when measuring indentation'],
  ['<<EOT\n$${x} %%{y} \\n\nEOT\n', '${x} %{y} \\n\n', 'heredocs keep backslashes and honour $${ escapes'],
  ['<<EOF\n%{ for x in local.items ~}\n- ${x}\n%{ endfor ~}\nEOF\n', '- a\n- b\n', 'directives in heredocs'],
  ['<<EOF\nEOF\n', '', 'empty heredoc'],
  // runtime references are left intact
  ['"${NOMAD_ALLOC_ID}"', '${NOMAD_ALLOC_ID}', 'NOMAD_* stays'],
  ['"${attr.kernel.name}"', '${attr.kernel.name}', 'attr.* stays'],
  ['"id-${node.unique.id}-${var.name}"', 'id-${node.unique.id}-web', 'mixed runtime and HCL references'],
  ['"${meta.rack}/${env.HOME}/${NOMAD_PORT_http}"', '${meta.rack}/${env.HOME}/${NOMAD_PORT_http}', 'meta, env and ports stay'],
  ['"${attr.unique.platform.aws.instance-type}"', '${attr.unique.platform.aws.instance-type}', 'dashes in runtime names'],
  ['"${device.attr.memory}"', '${device.attr.memory}', 'device attributes stay'],
  ['"${NOMAD_META_foo} $${NOMAD_X}"', '${NOMAD_META_foo} ${NOMAD_X}', 'escaped and runtime together'],
  ['attr.kernel.name', '${attr.kernel.name}', 'a bare runtime traversal becomes its interpolation'],
  ['<<EOF\nexport ID=${NOMAD_ALLOC_ID}\nEOF\n', 'export ID=${NOMAD_ALLOC_ID}\n', 'runtime reference inside a heredoc'],
];

for (const [source, expected, name] of cases) {
  t.same(evalOrError(source, prelude), expected, name);
}

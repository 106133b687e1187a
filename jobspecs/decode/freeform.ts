/**
 * Free-form bodies (driver `config`, scaling `policy`, proxy `config`, `meta { }`): attributes
 * keep their evaluated values; nested blocks become lists of objects, as Nomad's jobspec does
 * (`config { port_map { db = 6379 } }` -> `"port_map": [{"db": 6379}]`). A labeled nested block
 * `x "a" { ... }` becomes `"x": [{"a": {...}}]`.
 */
import type { HclBody } from '../hcl/body.js';
import type { JsonObject, JsonValue } from '../schema/spec.js';

/** decodeFreeformBody converts an evaluated body into a plain JSON map. */
export function decodeFreeformBody(body: HclBody): JsonObject {
  const out: JsonObject = {};
  for (const attr of body.attributes) out[attr.name] = attr.value;
  for (const block of body.blocks) {
    let value: JsonValue = decodeFreeformBody(block.body);
    for (let i = block.labels.length - 1; i >= 0; i--) value = { [block.labels[i] ?? '']: value };
    const existing = out[block.type];
    if (Array.isArray(existing)) existing.push(value);
    else out[block.type] = [value];
  }
  return out;
}

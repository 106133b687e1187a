// "Did you mean": edit distance (with transpositions) and nearest-name selection.
import t from 'tap';
import { editDistance, suggestName } from '../../jobspecs/hcl/index.js';

const distances: Array<[string, string, number]> = [
  ['', '', 0], ['abc', 'abc', 0], ['', 'abc', 3], ['kitten', 'sitting', 3], ['count', 'cuont', 1], ['ab', 'ba', 1], ['flaw', 'lawn', 2],
];
for (const [a, b, d] of distances) t.equal(editDistance(a, b), d, `distance(${a}, ${b})`);

const suggestions: Array<[string, string[], string | undefined]> = [
  ['lenght', ['length', 'lower', 'keys'], 'length'],
  ['Datacenters', ['datacenters', 'region'], 'datacenters'],
  ['drivr', ['driver', 'config'], 'driver'],
  ['xyz', ['driver', 'config'], undefined],
  ['a', ['b', 'ab'], 'b'],
  ['grup', ['group', 'task'], 'group'],
  ['completely_different', ['job'], undefined],
];
for (const [name, candidates, expected] of suggestions) t.equal(suggestName(name, candidates), expected, `suggestName(${name})`);

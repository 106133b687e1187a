import t from 'tap';
import { newId, shortId } from '../../api/ids.js';
import { allocIdOfKey, keyOf, tableOfKey } from '../../server/store/tables.js';

t.test('newId returns a 36-character UUID and shortId its 8-character prefix', async (t) => {
  const id = newId();
  t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.equal(shortId(id), id.slice(0, 8));
});

t.test('allocation keys are time-ordered and name their allocation', async (t) => {
  const older = keyOf.alloc({ ID: 'ffffffff-0000-4000-8000-000000000000', CreateTime: 1_700_000_000_000 * 1_000_000 });
  const newer = keyOf.alloc({ ID: '00000000-0000-4000-8000-000000000000', CreateTime: 1_700_000_000_001 * 1_000_000 });
  t.ok(older < newer, 'a later allocation sorts after an earlier one, whatever the IDs');
  t.equal(allocIdOfKey(newer), '00000000-0000-4000-8000-000000000000');
  t.equal(tableOfKey(newer), 'allocs');
  t.equal(keyOf.alloc({ ID: 'a', CreateTime: 0 }), 'allocs/000000000000/a', 'no creation time: fixed-width zero prefix');
});

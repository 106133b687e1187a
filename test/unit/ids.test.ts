import t from 'tap';
import { newId, shortId } from '../../api/ids.js';

t.test('newId returns a 36-character UUID and shortId its 8-character prefix', async (t) => {
  const id = newId();
  t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.equal(shortId(id), id.slice(0, 8));
});

/** Resolve a task `user` to uid/gid from the host's /etc/passwd (exec runs tasks as `nobody`). */
import { readFile } from 'node:fs/promises';
import { DroverError } from '../../api/errors.js';

/** UserIds is a resolved account. */
export interface UserIds {
  uid: number;
  gid: number;
}

/** resolveUser accepts a name (`nobody`) or numeric `uid[:gid]`. */
export async function resolveUser(user: string): Promise<UserIds> {
  const numeric = /^(\d+)(?::(\d+))?$/.exec(user);
  if (numeric !== null) return { uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]) };
  const passwd = await readFile('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === user && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new DroverError('DROVER_ERR_TASK_USER_UNKNOWN', `user ${JSON.stringify(user)} does not exist on this client`, { statusCode: 400, location: 'user' });
}

/** ID helpers: Nomad-style 36-character UUIDs. */
import { randomUUID } from 'node:crypto';

/** newId returns a random UUID (the format of every Drover object ID). */
export function newId(): string {
  return randomUUID();
}

/** shortId is the 8-character prefix shown in CLI tables. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

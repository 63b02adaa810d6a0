/**
 * `HostStore` in a JSON file, for the Node host. Saves write a sibling
 * temporary file and rename it over the old one, so a crash mid-save leaves
 * the previous state intact.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkHostState, type HostStore } from './host-store.ts';

/**
 * The JSON-file store of `lobby`'s state at `path`. `load` resolves
 * `undefined` when the file does not exist, and rejects with the parse error
 * (or `InvalidRequestException` for another lobby's or version's state) otherwise.
 */
export function fileHostStore(path: string, lobby: string): HostStore {
  let sequence = 0;
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      return checkHostState(JSON.parse(text), lobby);
    },
    async save(state) {
      const temporary = `${path}.${process.pid}.${++sequence}.tmp`;
      // The default file (.peermatch/host-NAME.json) sits in a folder that may not exist yet.
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, JSON.stringify(state), 'utf8');
      await rename(temporary, path);
    },
  };
}

/**
 * Rule sets a host saved from the console, by name, in IndexedDB through
 * idb-keyval (database `peermatch-console`, store `rulesets`: apart from the
 * lobby state the host keeps in `peermatch-host`).
 */
import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';

/** Where saved rule sets live. */
export interface SavedRuleSets {
  /** Every saved name, sorted. */
  list(): Promise<string[]>;
  /** The saved body, or undefined when there is none under `name`. */
  load(name: string): Promise<string | undefined>;
  /** Saves (or overwrites) `body` under `name`. Rejects for a name `checkRuleSetName` refuses. */
  save(name: string, body: string): Promise<void>;
  /** Deletes `name` (nothing happens when it is not saved). */
  remove(name: string): Promise<void>;
}

/** Why `name` cannot name a saved rule set, or undefined when it can (1 to 64 characters, not blank). */
export function checkRuleSetName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Name the rule set to save it';
  if (trimmed.length > 64) return `The name is ${trimmed.length} characters long; 64 at most`;
  return undefined;
}

/** The saved rule sets in IndexedDB (`store` defaults to `peermatch-console` / `rulesets`). */
export function idbSavedRuleSets(store: UseStore = createStore('peermatch-console', 'rulesets')): SavedRuleSets {
  return {
    async list() {
      return (await keys<string>(store)).filter((key): key is string => typeof key === 'string').sort();
    },
    load: (name) => get<string>(name, store),
    async save(name, body) {
      const problem = checkRuleSetName(name);
      if (problem !== undefined) throw Object.assign(new Error(problem), { name: 'InvalidRequestException' });
      await set(name.trim(), body, store);
    },
    remove: (name) => del(name, store),
  };
}

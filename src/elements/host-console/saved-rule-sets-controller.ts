/**
 * The console's saved rule sets as a `ReactiveController`: the names (kept
 * current after each save and delete) and the outcome of the last action.
 * Storage is `SavedRuleSets` (IndexedDB by default).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkRuleSetName, idbSavedRuleSets, type SavedRuleSets } from './saved-rule-sets.ts';

/** See the file comment. */
export class SavedRuleSetsController implements ReactiveController {
  /** Saved names, sorted. */
  names: string[] = [];
  /** The last action's outcome or problem, in words (empty at first). */
  message = '';
  private readonly store: SavedRuleSets;

  constructor(
    private readonly element: ReactiveControllerHost,
    store?: SavedRuleSets,
  ) {
    this.store = store ?? idbSavedRuleSets();
    element.addController(this);
  }

  hostConnected(): void {
    void this.refresh();
  }

  /** The body saved under `name`, or undefined (with a message) when there is none. */
  async load(name: string): Promise<string | undefined> {
    const body = await this.store.load(name);
    this.say(body === undefined ? `No rule set is saved as "${name}"` : `Loaded "${name}"`);
    return body;
  }

  /** Saves `body` as `name`; a bad name is reported in `message`, nothing saved. */
  async save(name: string, body: string): Promise<boolean> {
    const problem = checkRuleSetName(name);
    if (problem !== undefined) {
      this.say(problem);
      return false;
    }
    await this.store.save(name, body);
    await this.refresh();
    this.say(`Saved as "${name.trim()}"`);
    return true;
  }

  /** Deletes `name`. */
  async remove(name: string): Promise<void> {
    await this.store.remove(name);
    await this.refresh();
    this.say(`Deleted "${name}"`);
  }

  private async refresh(): Promise<void> {
    try {
      this.names = await this.store.list();
    } catch (error) {
      this.message = `Saved rule sets are unavailable: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.element.requestUpdate();
  }

  private say(message: string): void {
    this.message = message;
    this.element.requestUpdate();
  }
}

/// <reference types="vite/client" />
/**
 * host.html: a host tab. Starts a browser lobby host (the Matchmaker in a Web
 * Worker, state in IndexedDB) on this server for the chosen rule set; the
 * rule set is validated first and every problem shown with its line and
 * column. A reload resumes the saved lobby.
 */
import { validateRuleSet } from '../core/ruleset/validate.ts';
import { startBrowserHost } from '../host/browser-host.ts';

const examples = import.meta.glob('../../examples/rulesets/*.jsonc', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const form = document.querySelector<HTMLFormElement>('#host')!;
const select = form.elements.namedItem('example') as HTMLSelectElement;
const textarea = form.elements.namedItem('ruleset') as HTMLTextAreaElement;
const status = document.querySelector('#status')!;
const problems = document.querySelector('#problems')!;
const log = document.querySelector('#log')!;

for (const [path, text] of Object.entries(examples)) {
  const option = new Option(path.split('/').pop()!.replace('.jsonc', ''), text);
  select.add(option);
}
textarea.value = select.value;
select.addEventListener('change', () => (textarea.value = select.value));

const query = new URLSearchParams(location.search);
const lobbyInput = form.elements.namedItem('lobby') as HTMLInputElement;
if (query.get('lobby')) lobbyInput.value = query.get('lobby')!;

function say(line: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${line}`;
  log.prepend(item);
}

form.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  problems.replaceChildren();
  const result = validateRuleSet(textarea.value);
  for (const issue of [...result.errors, ...result.warnings]) {
    const item = document.createElement('li');
    item.textContent = `${issue.line ?? '?'}:${issue.column ?? '?'} ${issue.path}: ${issue.message}`;
    problems.append(item);
  }
  if (!result.valid) return;
  const acceptance = (form.elements.namedItem('acceptance') as HTMLInputElement).value;
  status.textContent = 'Starting…';
  try {
    const host = await startBrowserHost({
      serverUrl: location.origin,
      lobby: lobbyInput.value,
      ruleSetBody: textarea.value,
      configuration: acceptance ? { AcceptanceRequired: true, AcceptanceTimeoutSeconds: Number(acceptance) } : {},
      onStatus: (s) => say(`host: ${JSON.stringify(s)}`),
      onError: (error) => say(`error: ${error instanceof Error ? error.message : String(error)}`),
    });
    host.matchmaker.on((event) => say(`${event.detail.type} ${event.detail.tickets.map((t) => t.ticketId).join(', ')}`));
    await host.registered;
    status.textContent = `Hosting lobby "${host.lobby}"${host.restored ? ' (restored from the saved state)' : ''}.`;
    document.querySelector<HTMLAnchorElement>('#lobby-link')!.href = `/?lobby=${encodeURIComponent(host.lobby)}`;
    form.querySelector('button')!.disabled = true;
  } catch (error) {
    status.textContent = `Could not host: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
});

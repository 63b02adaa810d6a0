/**
 * The host console for test/e2e/host-console.spec.ts: the page comes from the
 * vite dev server, the lobby is hosted on the real peermatch server named by
 * `?server=`, so the element gets it as its `server-url` attribute.
 * Query: `server`, `lobby`.
 */
import '../../../src/host-console.ts';

const params = new URLSearchParams(location.search);
const element = document.createElement('peermatch-host-console');
element.setAttribute('server-url', params.get('server') ?? '');
element.setAttribute('lobby', params.get('lobby') ?? 'console-test');
document.body.append(element);

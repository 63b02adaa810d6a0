/**
 * Calls to a `LobbyHost` in unit tests, as a client's requests would come
 * through the relay: `request` answers the response frame, `ok` its value
 * (throwing, with the error, when it was refused).
 */
import type { LobbyHost } from '../../src/host/lobby-host.ts';
import type { ClientId, ClientOp, HostToClientMessage, ResponseFrame } from '../../src/net/protocol.ts';

export function lobbyHostCalls(host: LobbyHost, sent: readonly { clientId: ClientId; message: HostToClientMessage }[]) {
  let nextRequest = 0;
  async function request(clientId: ClientId, op: ClientOp, input: Record<string, unknown>): Promise<ResponseFrame> {
    const requestId = `r${++nextRequest}`;
    host.handleRequest(clientId, { type: 'request', requestId, op, input });
    await host.idle();
    const found = sent.find((s) => s.message.type === 'response' && s.message.requestId === requestId);
    if (!found) throw new Error(`no response to ${op}`);
    return found.message as ResponseFrame;
  }
  async function ok(clientId: ClientId, op: ClientOp, input: Record<string, unknown>): Promise<any> {
    const response = await request(clientId, op, input);
    if (!response.ok) throw new Error(`${op} refused: ${response.error.name}: ${response.error.message}`);
    return response.value;
  }
  return { request, ok };
}

/**
 * The relay benchmarks' lobby host: a raw relay socket that answers every
 * `startMatchmaking` with a real `Matchmaker` (a 1v1 rule set).
 */
import { Matchmaker } from '../src/core/matchmaker/index.ts';
import type { RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import { duelRuleSet } from '../test/support/duel-rule-set.ts';

const DUEL_RULE_SET = duelRuleSet();

/** A Node host: answers every `startMatchmaking` on `host` with the Matchmaker's ticket; `onRequest` sees each request's client id. */
export function serveAsHost(host: RelayNodeSocket, onRequest: (clientId: string) => void = () => undefined): { answered: () => number; matchmakerMs: () => number } {
  const mm = new Matchmaker();
  mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL_RULE_SET });
  mm.createMatchmakingConfiguration({ Name: 'duel-config', RuleSetName: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
  let answered = 0;
  let matchmakerMs = 0;
  host.onFrame = (frame) => {
    if (frame.type !== 'from-client') return false;
    onRequest(frame.clientId as string);
    const request = frame.message as { requestId: string; op: string; input: unknown };
    let message: unknown;
    try {
      if (request.op !== 'startMatchmaking') throw Object.assign(new Error(`op ${request.op} not served`), { name: 'InvalidRequestException' });
      const before = performance.now();
      const value = mm.startMatchmaking(request.input as Parameters<Matchmaker['startMatchmaking']>[0]);
      matchmakerMs += performance.now() - before;
      message = { type: 'response', requestId: request.requestId, ok: true, value };
    } catch (error) {
      message = { type: 'response', requestId: request.requestId, ok: false, error: { name: (error as Error).name, message: (error as Error).message } };
    }
    host.send({ type: 'to-client', clientId: frame.clientId, message });
    answered++;
    return true;
  };
  return { answered: () => answered, matchmakerMs: () => matchmakerMs };
}


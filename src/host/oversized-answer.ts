/**
 * A host's answer that would not fit a relay frame: the relay would refuse
 * it, so the host sends, in its place, an error response naming the request,
 * its size and the limit (the client learns why, instead of waiting for an
 * answer that never comes). Events are sent as they are: the relay tells the
 * host when one is too large.
 */
import { encodeFrame, MAX_FRAME_BYTES, utf8Length } from '../net/protocol.ts';
import type { ClientId, HostToClientMessage } from '../net/protocol.ts';

/**
 * The `to-client` frame text for `message`; a response over `MAX_FRAME_BYTES`
 * becomes an `InvalidRequestException` response naming its request.
 */
export function encodeToClient(clientId: ClientId, message: HostToClientMessage, maxFrameBytes = MAX_FRAME_BYTES): string {
  const text = encodeFrame({ type: 'to-client', clientId, message });
  const bytes = utf8Length(text, maxFrameBytes);
  if (bytes <= maxFrameBytes || message.type !== 'response') return text;
  const error = {
    name: 'InvalidRequestException',
    message: `the answer to request ${JSON.stringify(message.requestId)} is at least ${bytes} bytes, over the relay's frame limit of ${maxFrameBytes} bytes; ask for less (fewer tickets)`,
  };
  return encodeFrame({ type: 'to-client', clientId, message: { type: 'response', requestId: message.requestId, ok: false, error } });
}

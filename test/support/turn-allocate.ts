/**
 * A minimal TURN client for tests (RFC 5766 Allocate over UDP with the
 * long-term credential mechanism of RFC 5389): asks a real TURN server for a
 * relay allocation with a username and password and says what the server
 * answered. Used to check the credentials peermatch issues against coturn.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

/** The server's answer to an authenticated Allocate. */
export type AllocateOutcome =
  | { kind: 'allocated'; relayedAddress: string }
  | { kind: 'refused'; code: number; reason: string };

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ALLOCATE_ERROR = 0x0113;
const ATTR = { username: 0x0006, integrity: 0x0008, errorCode: 0x0009, realm: 0x0014, nonce: 0x0015, xorRelayed: 0x0016, transport: 0x0019 } as const;

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function message(type: number, transactionId: Buffer, attributes: Buffer[], key?: Buffer): Buffer {
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(body.length + (key ? 24 : 0), 2);
  header.writeUInt32BE(MAGIC, 4);
  transactionId.copy(header, 8);
  const unsigned = Buffer.concat([header, body]);
  if (!key) return unsigned;
  return Buffer.concat([unsigned, attribute(ATTR.integrity, createHmac('sha1', key).update(unsigned).digest())]);
}

function parse(packet: Buffer): { type: number; attributes: Map<number, Buffer> } {
  const attributes = new Map<number, Buffer>();
  let at = 20;
  while (at + 4 <= packet.length) {
    const type = packet.readUInt16BE(at);
    const length = packet.readUInt16BE(at + 2);
    attributes.set(type, packet.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: packet.readUInt16BE(0), attributes };
}

function errorOf(attributes: Map<number, Buffer>): { code: number; reason: string } {
  const value = attributes.get(ATTR.errorCode);
  if (!value) return { code: 0, reason: 'no ERROR-CODE' };
  return { code: (value[2]! & 0x7) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/**
 * Allocates a UDP relay on the TURN server at `host:port` as `username` /
 * `password`: an unauthenticated Allocate for the realm and nonce, then the
 * authenticated one. Rejects when the server does not answer within `timeoutMs`.
 */
export async function turnAllocate(host: string, port: number, username: string, password: string, timeoutMs = 5000): Promise<AllocateOutcome> {
  const socket = createSocket('udp4');
  const transport = Buffer.from([17, 0, 0, 0]);
  const exchange = (request: Buffer, transactionId: Buffer) =>
    new Promise<ReturnType<typeof parse>>((resolve, reject) => {
      const resend = setInterval(() => socket.send(request, port, host), 500);
      const timer = setTimeout(() => {
        clearInterval(resend);
        socket.off('message', onMessage);
        reject(new Error(`TURN server ${host}:${port}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (packet: Buffer) => {
        if (packet.length < 20 || !packet.subarray(8, 20).equals(transactionId)) return;
        clearInterval(resend);
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(parse(packet));
      };
      socket.on('message', onMessage);
      socket.send(request, port, host);
    });
  try {
    const firstId = randomBytes(12);
    const challenge = await exchange(message(ALLOCATE, firstId, [attribute(ATTR.transport, transport)]), firstId);
    const realm = challenge.attributes.get(ATTR.realm);
    const nonce = challenge.attributes.get(ATTR.nonce);
    if (challenge.type !== ALLOCATE_ERROR || !realm || !nonce) return { kind: 'refused', ...errorOf(challenge.attributes) };
    const key = createHash('md5').update(`${username}:${realm.toString('utf8')}:${password}`).digest();
    const secondId = randomBytes(12);
    const request = message(
      ALLOCATE,
      secondId,
      [attribute(ATTR.transport, transport), attribute(ATTR.username, Buffer.from(username)), attribute(ATTR.realm, realm), attribute(ATTR.nonce, nonce)],
      key,
    );
    const answer = await exchange(request, secondId);
    if (answer.type !== ALLOCATE_SUCCESS) return { kind: 'refused', ...errorOf(answer.attributes) };
    const relayed = answer.attributes.get(ATTR.xorRelayed);
    if (!relayed) return { kind: 'allocated', relayedAddress: '' };
    const relayedPort = relayed.readUInt16BE(2) ^ (MAGIC >>> 16);
    const address = (relayed.readUInt32BE(4) ^ MAGIC) >>> 0;
    return { kind: 'allocated', relayedAddress: `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}:${relayedPort}` };
  } finally {
    socket.close();
  }
}

/**
 * Real networks on this machine for the NAT tests, built from Linux network
 * namespaces (needs root): a "public" namespace (the peermatch server, the
 * lobby host, coturn) and homes, each a LAN bridge behind its own NAT router
 * namespace that masquerades with random ports (a symmetric NAT: every
 * destination sees another mapped port, so only a TURN relay gets through).
 * Each home holds one or more host namespaces, where Chromium runs.
 *
 * ```
 *   [a1]─┐                                       ┌─[b1]
 *   [a2]─┤ br 10.88.1.1  [ra] 10.77.1.2 ── 10.77.1.1 [pub] 10.77.2.1 ── 10.77.2.2 [rb]  br 10.88.1.1 ─┘
 * ```
 * (Every name carries the prefix `pmnat<pid>-`.) Both homes use the same private LAN range, as real homes do. Every address
 * lives only inside namespaces this module creates; `NatNetwork.remove()` (and
 * `sweepStaleNamespaces`, for a run that was killed) deletes them, and with
 * them every veth, bridge and iptables rule.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every namespace of these tests starts with this, then the id of the process that made it. */
export const NETNS_BASE = 'pmnat';

/** This process's namespaces: `pmnat<pid>-...`, so that two runs on one machine never touch each other's. */
export const NETNS_PREFIX = `${NETNS_BASE}${process.pid}-`;

/** The public namespace and its address (server, lobby host and coturn listen here). */
export const PUBLIC_NS = `${NETNS_PREFIX}pub`;
export const PUBLIC_IP = '10.77.1.1';

/** One home: its router namespace, WAN address and host namespaces. */
export interface Home {
  name: string;
  router: string;
  wanIp: string;
  wanDevice: string;
  hosts: { ns: string; ip: string }[];
}

/** A built network. */
export interface NatNetwork {
  homes: Home[];
  /** Executable wrappers that run Chromium inside a host namespace, by namespace. */
  chromiumIn: Map<string, string>;
  /** Runs a command inside a namespace; returns stdout. Throws with stderr on failure. */
  exec(ns: string, ...command: string[]): string;
  /** Deletes every namespace and the wrappers. Never throws. */
  remove(): void;
}

function run(...command: string[]): string {
  try {
    return execFileSync(command[0]!, command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command.join(' ')} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

/** Whether this process may build namespaces (root). */
export function canBuildNamespaces(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the namespaces of these tests whose process is gone (a run that was killed) or is this one. */
export function sweepStaleNamespaces(): string[] {
  const names = run('ip', 'netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => {
      const pid = new RegExp(`^${NETNS_BASE}(\\d+)-`).exec(name)?.[1];
      return pid !== undefined && (Number(pid) === process.pid || !alive(Number(pid)));
    });
  for (const name of names) {
    try {
      run('ip', 'netns', 'delete', name);
    } catch {
      // Already gone.
    }
  }
  return names;
}

/**
 * Builds the public namespace and `homes` (home name -> number of hosts),
 * e.g. `{ a: 2, b: 1 }`. On any failure removes what it built and throws.
 */
export function buildNatNetwork(homes: Record<string, number>, chromiumPath = '/usr/bin/chromium'): NatNetwork {
  const created: string[] = [];
  const wrappers = mkdtempSync(join(tmpdir(), 'peermatch-netns-'));
  const exec = (ns: string, ...command: string[]) => run('ip', 'netns', 'exec', ns, ...command);
  const addNs = (ns: string) => {
    run('ip', 'netns', 'add', ns);
    created.push(ns);
    exec(ns, 'ip', 'link', 'set', 'lo', 'up');
  };
  const remove = () => {
    for (const ns of created.splice(0).reverse()) {
      try {
        run('ip', 'netns', 'delete', ns);
      } catch {
        // Already gone.
      }
    }
    rmSync(wrappers, { recursive: true, force: true });
  };
  try {
    addNs(PUBLIC_NS);
    const built: Home[] = [];
    const chromiumIn = new Map<string, string>();
    Object.entries(homes).forEach(([name, hostCount], index) => {
      const subnet = index + 1;
      const router = `${NETNS_PREFIX}r${name}`;
      const wanDevice = `wan-${name}`;
      const wanIp = `10.77.${subnet}.2`;
      addNs(router);
      // The router's WAN link to the public namespace: 10.77.N.1 (public) - 10.77.N.2 (router).
      run('ip', 'link', 'add', `pub-${name}`, 'netns', PUBLIC_NS, 'type', 'veth', 'peer', 'name', wanDevice, 'netns', router);
      exec(PUBLIC_NS, 'ip', 'addr', 'add', `10.77.${subnet}.1/24`, 'dev', `pub-${name}`);
      exec(PUBLIC_NS, 'ip', 'link', 'set', `pub-${name}`, 'up');
      exec(router, 'ip', 'addr', 'add', `${wanIp}/24`, 'dev', wanDevice);
      exec(router, 'ip', 'link', 'set', wanDevice, 'up');
      exec(router, 'ip', 'route', 'add', 'default', 'via', `10.77.${subnet}.1`);
      // The home LAN: a bridge on the router, every host on it.
      exec(router, 'ip', 'link', 'add', 'br-lan', 'type', 'bridge');
      exec(router, 'ip', 'addr', 'add', '10.88.1.1/24', 'dev', 'br-lan');
      exec(router, 'ip', 'link', 'set', 'br-lan', 'up');
      exec(router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
      // Symmetric NAT: random source ports per connection; nothing from the WAN starts a connection inward.
      exec(router, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', wanDevice, '-j', 'MASQUERADE', '--random');
      exec(router, 'iptables', '-A', 'FORWARD', '-i', wanDevice, '-m', 'conntrack', '--ctstate', 'NEW,INVALID', '-j', 'DROP');
      const hosts: Home['hosts'] = [];
      for (let h = 1; h <= hostCount; h++) {
        const ns = `${NETNS_PREFIX}${name}${h}`;
        const ip = `10.88.1.${10 * subnet + h}`;
        addNs(ns);
        run('ip', 'link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', `lan-${h}`, 'netns', router);
        exec(router, 'ip', 'link', 'set', `lan-${h}`, 'master', 'br-lan');
        exec(router, 'ip', 'link', 'set', `lan-${h}`, 'up');
        exec(ns, 'ip', 'addr', 'add', `${ip}/24`, 'dev', 'eth0');
        exec(ns, 'ip', 'link', 'set', 'eth0', 'up');
        exec(ns, 'ip', 'route', 'add', 'default', 'via', '10.88.1.1');
        const wrapper = join(wrappers, `chromium-${ns}`);
        writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${chromiumPath} "$@"\n`);
        chmodSync(wrapper, 0o755);
        chromiumIn.set(ns, wrapper);
        hosts.push({ ns, ip });
      }
      built.push({ name, router, wanIp, wanDevice, hosts });
    });
    return { homes: built, chromiumIn, exec, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

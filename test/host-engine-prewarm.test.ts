import { afterEach, describe, expect, it } from 'vitest';
import { Matchmaker } from '../src/core/matchmaker/index.ts';
import { remoteEngine } from '../src/host/engines.ts';
import { startNodeMatchmaker } from '../src/node/node-worker.ts';
import type { RemoteMatchmaker } from '../src/worker/rpc-client.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';

/** A snapshot holding one configuration "duel" (what a standby's replica holds). */
function duelSnapshot() {
  const matchmaker = new Matchmaker();
  matchmaker.createMatchmakingRuleSet({ Name: 'duel-rules', RuleSetBody: duelRuleSet() });
  matchmaker.createMatchmakingConfiguration({ Name: 'duel', RuleSetName: 'duel-rules', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
  return matchmaker.snapshot();
}

describe('a Worker engine prewarmed by a standby host', () => {
  const started: RemoteMatchmaker[] = [];
  const start = () => {
    const remote = startNodeMatchmaker({ tickIntervalMs: null });
    started.push(remote);
    return remote;
  };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((remote) => remote.close()));
  });

  it('uses the thread started ahead for the next engine, restored from the snapshot', async () => {
    const factory = remoteEngine(start);
    factory.prewarm!();
    factory.prewarm!(); // a second call keeps the one spare
    expect(started).toHaveLength(1);
    const engine = await factory(duelSnapshot());
    expect(started).toHaveLength(1);
    const { Configurations } = await engine.matchmaker.describeMatchmakingConfigurations({});
    expect(Configurations.map((configuration) => configuration.Name)).toEqual(['duel']);
  });

  it('starts a thread per engine when nothing was prewarmed', async () => {
    const factory = remoteEngine(start);
    await factory(undefined);
    await factory(undefined);
    expect(started).toHaveLength(2);
  });

  it('closes a prewarmed thread that was never used when the host lets go of it', async () => {
    const factory = remoteEngine(start);
    factory.prewarm!();
    await factory.discardPrewarmed!();
    await expect(started[0]!.describeMatchmakingConfigurations({})).rejects.toThrow();
    await factory(undefined);
    expect(started).toHaveLength(2);
  });

  it('starts a fresh thread when the prewarmed one died while it waited', async () => {
    const factory = remoteEngine(start);
    factory.prewarm!();
    await started[0]!.close();
    const engine = await factory(duelSnapshot());
    expect(started).toHaveLength(2);
    const { Configurations } = await engine.matchmaker.describeMatchmakingConfigurations({});
    expect(Configurations).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import { uuidFrom } from '../src/core/matchmaker/ids.ts';

describe('uuidFrom', () => {
  it('draws the ids seeded runs have always drawn (the first of seed 1, as the first implementation wrote it)', () => {
    expect(uuidFrom(seededRandom(1))).toBe('a08700b3-8706-4b26-b7e7-47f69ce3b882');
  });

  it('writes version 4 ids with the RFC 4122 variant, at the extremes of the random source too', () => {
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const random = seededRandom(2);
    for (let i = 0; i < 1000; i++) expect(uuidFrom(random)).toMatch(shape);
    expect(uuidFrom(() => 0)).toBe('00000000-0000-4000-8000-000000000000');
    expect(uuidFrom(() => 0.9999999999)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});

// Seeded random numbers whose whole state is one 32-bit integer, so checkpoints can save and restore it.

export { SeededRandom } from '../../shared/random';

/** A seed for epoch `epoch` of a run seeded `seed` (so batch order depends only on these two). */
export function epochSeed(seed: number, epoch: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (epoch + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { peakRssMb } from '../../src/bench/machine.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HELD_MB = 400;

describe('peakRssMb', () => {
  it('grows when this process touches more memory', () => {
    const before = peakRssMb();
    const held = Buffer.alloc(64 * 1024 * 1024, 1);
    expect(peakRssMb()).toBeGreaterThanOrEqual(before + 32);
    expect(held[held.length - 1]).toBe(1);
  });

  // Linux carries a process's memory before exec into getrusage's maxRSS: a serving child of the 1.9 GB bench
  // process reported the bench's size, not its own.
  it.runIf(process.platform === 'linux')('of a spawned child, is the child’s own peak, not the memory of the process that spawned it', () => {
    const held = Buffer.alloc(HELD_MB * 1024 * 1024, 1);
    const parentMb = process.memoryUsage().rss / 1024 / 1024;
    expect(parentMb).toBeGreaterThan(HELD_MB);
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/bench/machine.ts').then((m) => console.log(m.peakRssMb()))"], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    const childMb = Number(child.stdout.trim().split('\n').pop());
    expect(childMb).toBeGreaterThan(10);
    expect(childMb).toBeLessThan(parentMb - HELD_MB / 2);
    expect(held[0]).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started and ended: above the core count, figures are inflated by other work. */
  loadAverageAtStart: number;
  loadAverageAtEnd?: number;
  /**
   * GLIBC_TUNABLES this process (and the serving processes it starts) ran with: the npm scripts ask glibc's malloc
   * for huge pages (README, "Memory pages"), which roughly halves loading a large index. Absent in older reports.
   */
  glibcTunables?: string;
}

export function describeMachine(): MachineInfo {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: currentLoadAverage(),
    glibcTunables: process.env.GLIBC_TUNABLES ?? '',
  };
}

export function currentLoadAverage(): number {
  return round2(loadavg()[0] ?? 0);
}

/**
 * Peak resident set size of this process so far, in MB: Linux's VmHWM, the high-water mark of this program's own
 * memory. Not getrusage's maxRSS there: Linux carries the high-water mark of the memory a process had before it
 * exec'd into it, and a child spawned by a 1.9 GB bench process starts as a copy of it (fork), so a serving child
 * reported 1,256–1,436 MB while its own peak was under 1 GB (sixth session). maxRSS elsewhere (kilobytes).
 */
export function peakRssMb(): number {
  const kb = ownHighWaterKb();
  return Math.round((kb ?? process.resourceUsage().maxRSS) / 1024);
}

function ownHighWaterKb(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const match = /^VmHWM:\s*(\d+)\s*kB/mu.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

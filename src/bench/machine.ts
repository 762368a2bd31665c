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
  };
}

export function currentLoadAverage(): number {
  return round2(loadavg()[0] ?? 0);
}

/** Peak resident set size of this process so far, in MB (resourceUsage reports kilobytes). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

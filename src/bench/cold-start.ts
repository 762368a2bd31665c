import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.ts';

const CHILD_ENTRY = fileURLToPath(new URL('./cold-start-child.ts', import.meta.url));
/** The project's root: where `npm start` runs and where `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A child that takes longer than this is stuck (e.g. a model load waiting on a network), not slow. */
const CHILD_TIMEOUT_MS = 180_000;

/** Timestamps reported by the child, ms since its own process start. */
export interface ColdStartSample {
  /** Measured by the parent: spawning `node --import tsx` (as `npm start` does) until the first answer's line arrived. */
  wallMs: number;
  entered: number;
  modulesLoaded: number;
  modelLoaded: number;
  indexLoaded: number;
  firstAnswer: number;
  mode: 'hybrid' | 'lexical';
  peakRssMb: number;
  /** RSS after the first answer and a full garbage collection; null if the child could not collect. */
  settledRssMb: number | null;
}

export interface ColdStartResult {
  runs: number;
  mode: 'hybrid' | 'lexical';
  /** Medians over the runs, in ms. */
  wallToFirstAnswerMs: number;
  runtimeStartupMs: number;
  codeLoadMs: number;
  modelLoadMs: number;
  indexLoadMs: number;
  firstAnswerMs: number;
  peakRssMb: number;
  settledRssMb: number | null;
  samples: ColdStartSample[];
}

function runChild(env: NodeJS.ProcessEnv): Promise<ColdStartSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // --expose-gc only makes global.gc() available, so that the child can report its settled RSS.
    const nodeOptions = [env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' ');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY], { cwd: ROOT, env: { ...env, NODE_OPTIONS: nodeOptions }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let wallMs: number | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      wallMs ??= performance.now() - started;
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{') || wallMs === null) {
        reject(new Error(`cold-start child exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
        return;
      }
      resolve({ wallMs, ...(JSON.parse(line) as Omit<ColdStartSample, 'wallMs'>) });
    });
  });
}

/** Runs the child `runs` times one after another and reports medians of each phase. */
export async function measureColdStart(env: NodeJS.ProcessEnv, runs: number): Promise<ColdStartResult> {
  const samples: ColdStartSample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await runChild(env));
  const med = (pick: (s: ColdStartSample) => number) => median(samples.map(pick));
  return {
    runs,
    mode: samples[0]?.mode ?? 'lexical',
    wallToFirstAnswerMs: med((s) => s.wallMs),
    runtimeStartupMs: med((s) => s.entered),
    codeLoadMs: med((s) => s.modulesLoaded - s.entered),
    modelLoadMs: med((s) => s.modelLoaded - s.modulesLoaded),
    indexLoadMs: med((s) => s.indexLoaded - s.modelLoaded),
    firstAnswerMs: med((s) => s.firstAnswer - s.indexLoaded),
    // Whole megabytes: a median of an even number of runs would otherwise show a spurious half.
    peakRssMb: Math.round(med((s) => s.peakRssMb)),
    settledRssMb: samples.every((s) => s.settledRssMb !== null) ? Math.round(med((s) => s.settledRssMb!)) : null,
    samples,
  };
}

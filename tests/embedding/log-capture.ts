import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';

/** Collects the structured log lines written while a test runs. */
export interface LogRecord {
  level: number;
  msg: string;
  code?: string;
  [key: string]: unknown;
}

export const WARN = 40;

export function captureLogs(): { records: LogRecord[]; warnings: () => LogRecord[]; stop: () => void } {
  const records: LogRecord[] = [];
  setLogSink((line) => {
    for (const part of line.split('\n')) if (part.trim()) records.push(JSON.parse(part) as LogRecord);
  });
  return {
    records,
    warnings: () => records.filter((r) => r.level >= WARN),
    stop: () => restoreTestLogs(),
  };
}

import { setLogSink, type LogSink } from '../../src/logger.ts';

/**
 * Loaded before every test file (vitest `setupFiles`): the code under test logs, but a test run prints only the
 * tests' results. Set TEST_LOGS=1 to see the logs. A test that captures logs puts back the sink it replaced, or
 * calls restoreTestLogs().
 */
const testSink: LogSink = process.env.TEST_LOGS ? (line) => process.stderr.write(line) : () => undefined;

export function restoreTestLogs(): void {
  setLogSink(testSink);
}

restoreTestLogs();

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';

describe('feedback settings', () => {
  it('default to feedback on, data/ and a year of retention', () => {
    expect(loadSettings({})).toMatchObject({ FEEDBACK: 'on', DATA_DIR: 'data', FEEDBACK_RETENTION_DAYS: 365 });
    expect(loadSettings({ FEEDBACK: 'off', FEEDBACK_RETENTION_DAYS: '30', DATA_DIR: '' })).toMatchObject({ FEEDBACK: 'off', FEEDBACK_RETENTION_DAYS: 30, DATA_DIR: 'data' });
  });

  it('refuse bad values with a message naming the variable and what it expects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'feedback-settings-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      expect(() => loadSettings({ FEEDBACK: 'yes' })).toThrow('FEEDBACK: expected on or off');
      expect(() => loadSettings({ FEEDBACK_RETENTION_DAYS: '0' })).toThrow('FEEDBACK_RETENTION_DAYS: expected at least 1 day');
      expect(() => loadSettings({ FEEDBACK_RETENTION_DAYS: '1.5' })).toThrow('FEEDBACK_RETENTION_DAYS: expected a whole number of days');
      expect(() => loadSettings({ FEEDBACK_RETENTION_DAYS: 'forever' })).toThrow('FEEDBACK_RETENTION_DAYS: expected a number of days');
      expect(() => loadSettings({ DATA_DIR: file })).toThrow(`DATA_DIR: expected a folder, but ${file} is a file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDownloadProgress } from '../../src/embedding/download-progress.ts';

describe('createDownloadProgress', () => {
  it('draws one bar per file from transformers.js progress events and ignores other events', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const progress = createDownloadProgress(stream);
    progress.update({ status: 'initiate', file: 'config.json' });
    progress.update({ status: 'progress', file: 'onnx/model_quantized.onnx', loaded: 30 * 1024 * 1024, total: 118 * 1024 * 1024 });
    progress.update({ status: 'progress', file: 'tokenizer.json', loaded: 17 * 1024 * 1024, total: 17 * 1024 * 1024 });
    progress.update({ status: 'progress', file: 'onnx/model_quantized.onnx', loaded: 118 * 1024 * 1024, total: 118 * 1024 * 1024 });
    progress.stop();
    expect(text).toContain('onnx/model_quantized.onnx');
    expect(text).toContain('118.0/118.0 MB');
    expect(text).toContain('tokenizer.json');
    expect(text).not.toContain('config.json');
  });
});

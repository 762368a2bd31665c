import { Command } from 'commander';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { stderrProgress } from './progress.ts';
import { embedderOptionsFromSettings, loadEmbedder } from '../embedding/load.ts';
import { rebuildIndex } from '../engine.ts';
import { jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

/** `npm run index`: rebuilds index/ from corpus/, with a progress bar, then prints a summary. */
const program = new Command('index')
  .description('Rebuild the search index from the corpus folder')
  .option('--json', 'print the summary as one JSON line')
  .parse();

const settings = bootstrapSettings();
const progress = stderrProgress();
try {
  const embedder = await loadEmbedder(embedderOptionsFromSettings(settings));
  const summary = await rebuildIndex(settings, embedder, progress.onProgress);
  progress.stop();
  await embedder?.dispose();
  if (program.opts().json) {
    process.stdout.write(jsonLine(summary));
  } else {
    process.stdout.write(
      forTerminal([
        `documents:          ${summary.documents}`,
        `passages:           ${summary.passages}`,
        `duplicates dropped: ${summary.duplicatesDropped}`,
        `embedded:           ${summary.embedded} (reused from cache: ${summary.reusedEmbeddings})`,
        `mode:               ${embedder ? `hybrid (${embedder.modelId})` : 'lexical only'}`,
        `seconds:            ${summary.seconds.toFixed(2)}`,
      ].join('\n')) + '\n',
    );
  }
} catch (error) {
  progress.stop();
  exitWithError(error);
}

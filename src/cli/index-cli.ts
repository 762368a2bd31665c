import { Command } from 'commander';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { stderrProgress } from './progress.ts';
import { embedderOptionsFromSettings, loadEmbedder } from '../embedding/load.ts';
import { rebuildIndex } from '../engine.ts';
import { jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

/**
 * `npm run index`: a new generation of index/ from corpus/, made from the current one (only added or changed
 * articles analysed and embedded), or from nothing with `--full`; a progress bar, then a summary.
 */
const program = new Command('index')
  .description('Rebuild the search index from the corpus folder (an update of the current index unless --full)')
  .option('--json', 'print the summary as one JSON line')
  .option('--full', 'build every part of the index from nothing instead of updating the current one')
  .parse();

const settings = bootstrapSettings();
const progress = stderrProgress();
try {
  const embedder = await loadEmbedder(embedderOptionsFromSettings(settings));
  const summary = await rebuildIndex(settings, embedder, progress.onProgress, { full: program.opts().full === true });
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
        `mode:               ${embedder ? `hybrid (${embedder.modelId})` : 'lexical only'}, ${summary.mode === 'update' ? 'updated from the previous generation' : 'built from nothing'}`,
        `seconds:            ${summary.seconds.toFixed(2)}`,
      ].join('\n')) + '\n',
    );
  }
} catch (error) {
  progress.stop();
  exitWithError(error);
}

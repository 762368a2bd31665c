import { Command, InvalidArgumentError } from 'commander';
import { bootstrapSettings, exitOnClosedPipe, exitWithError } from './bootstrap.ts';
import { stderrProgress } from './progress.ts';
import type { AddFlags, SourceOutcome } from '../add/add.ts';
import { isRealIsoDate } from '../corpus/front-matter.ts';
import { isLang, LANGUAGES, type Lang } from '../domain.ts';
import { jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';

/**
 * `npm run add -- <source>…`: adds articles to the corpus from http(s) URLs, saved pages, feeds and text files,
 * then rebuilds the index (a running bot switches to the new generation by itself). One line per source on stdout.
 */
const program = new Command('add')
  .description('Add articles to the corpus from URLs, saved .html pages, RSS/Atom feeds, or .txt/.md files')
  .argument('<sources...>', 'http(s) URLs, saved .html pages, feed URLs or files, .txt/.md files')
  .option('--title <text>', 'title, when the source does not give one')
  .option('--outlet <name>', 'outlet, when the source does not name it')
  .option('--published <YYYY-MM-DD>', 'publication date, when the source does not give one', (value: string) => {
    if (!isRealIsoDate(value)) throw new InvalidArgumentError('expected a real date written YYYY-MM-DD');
    return value;
  })
  .option('--lang <code>', `language (${LANGUAGES.join(', ')}), when the source does not declare it`, (value: string): Lang => {
    if (!isLang(value)) throw new InvalidArgumentError(`expected one of ${LANGUAGES.join(', ')}`);
    return value;
  })
  .option('--url <url>', 'address of the article, for a saved page or a text file', (value: string) => {
    if (!/^https?:\/\/\S+$/iu.test(value) || !URL.canParse(value)) throw new InvalidArgumentError('expected an http(s) URL');
    return value;
  })
  .option('--dry-run', 'print what would be written, and write nothing')
  .option('--json', 'print one JSON object per source on stdout')
  .parse();

const opts = program.opts<AddFlags & { dryRun?: boolean; json?: boolean }>();
if ((opts.title !== undefined || opts.url !== undefined) && program.args.length > 1) {
  program.error('--title and --url describe one article: give one source with them');
}
exitOnClosedPipe();

function describe(outcome: SourceOutcome): string {
  switch (outcome.status) {
    case 'added': {
      const notes = outcome.notes.map((note) => `\n  note: ${note}`).join('');
      const verb = opts.dryRun ? 'would add' : 'added';
      return `${verb} ${outcome.file}: ${JSON.stringify(outcome.title)} (${outcome.outlet}, ${outcome.published}, ${outcome.lang}, ${outcome.paragraphs} paragraphs)${notes}`;
    }
    case 'duplicate':
      return `duplicate ${outcome.source} [${outcome.code}]: ${outcome.reason}`;
    case 'refused':
      return `refused ${outcome.source} [${outcome.code}]: ${outcome.reason}; nothing written`;
  }
}

const settings = bootstrapSettings();
const progress = stderrProgress();
try {
  // Loaded after the arguments are checked: a usage mistake is answered without loading the pipeline.
  const { addSources } = await import('../add/add.ts');
  const { embedderOptionsFromSettings, loadEmbedder } = await import('../embedding/load.ts');
  const { rebuildIndex } = await import('../engine.ts');
  const outcomes = await addSources(program.args, {
    corpusDir: settings.CORPUS_DIR,
    flags: opts,
    dryRun: Boolean(opts.dryRun),
    fetch: { allowPrivateAddresses: settings.FETCH_ALLOW_PRIVATE_ADDRESSES, timeoutMs: settings.FETCH_TIMEOUT_SECONDS * 1000 },
    onOutcome: (outcome) => {
      if (opts.json) process.stdout.write(jsonLine(outcome));
      else process.stdout.write(forTerminal(`${describe(outcome)}\n`) + (opts.dryRun && outcome.status === 'added' ? forTerminal(`${outcome.content}\n`) : ''));
    },
  });
  const added = outcomes.filter((outcome) => outcome.status === 'added').length;
  if (added > 0 && !opts.dryRun) {
    const embedder = await loadEmbedder(embedderOptionsFromSettings(settings));
    try {
      const summary = await rebuildIndex(settings, embedder, progress.onProgress);
      progress.stop();
      process.stderr.write(
        `index rebuilt: ${summary.documents} articles, ${summary.passages} passages (${summary.embedded} newly embedded) in ${summary.seconds.toFixed(1)} s; a running bot switches to it between questions\n`,
      );
    } finally {
      await embedder?.dispose();
    }
  }
  // Duplicates are not failures (a feed read twice adds nothing the second time); refusals are.
  if (outcomes.some((outcome) => outcome.status === 'refused')) process.exitCode = 1;
} catch (error) {
  progress.stop();
  exitWithError(error);
}

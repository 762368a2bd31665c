import type { Settings } from '../config.ts';
import { feedbackDbPath, FeedbackStore } from '../feedback/store.ts';
import { forTerminal } from '../reply/terminal.ts';

/**
 * The feedback database for the report commands (`gaps`, `calibrate`, `eval --from-feedback`), or null (said on
 * stderr) when nothing has been recorded yet: a report never creates the database. FEEDBACK=off only stops the bot
 * from recording; what is already stored can still be read.
 */
export function openFeedbackForReport(settings: Pick<Settings, 'DATA_DIR' | 'FEEDBACK'>): FeedbackStore | null {
  const path = feedbackDbPath(settings.DATA_DIR);
  if (settings.FEEDBACK === 'off') process.stderr.write('note: FEEDBACK=off, so the bot records nothing new; this reads what is already stored.\n');
  const store = FeedbackStore.open(path, { create: false });
  if (!store) process.stderr.write(forTerminal(`No feedback has been recorded yet (there is no ${path}; DATA_DIR sets the folder).\n`));
  return store;
}

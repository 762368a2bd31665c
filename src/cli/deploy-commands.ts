import { deployCommands } from '../bot/deploy.ts';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { forTerminal } from '../reply/terminal.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

/** `npm run deploy-commands`: registers the slash commands (guild when DISCORD_GUILD_ID is set, else global). */
try {
  const result = await deployCommands(bootstrapSettings());
  process.stdout.write(forTerminal(`Registered ${result.commands.length} ${result.scope} command(s): ${result.commands.join(', ')}\n`));
} catch (error) {
  exitWithError(error);
}

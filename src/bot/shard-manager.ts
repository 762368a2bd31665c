import { fileURLToPath } from 'node:url';
import { ShardingManager, type Shard } from 'discord.js';
import type { Settings } from '../config.ts';
import { BotError } from '../errors.ts';
import { childLogger, registerSecret } from '../logger.ts';

/**
 * `DISCORD_SHARD_PROCESSES=N`: the bot runs as N processes, one shard each, under discord.js' ShardingManager. This
 * process only supervises: each child is `src/main.ts` again (it sees SHARDING_MANAGER in its environment), opens
 * its own engine over the same index folder, and logs in with the shard ids the manager gives it. A child that dies
 * is spawned again by the manager (`respawn`), while the others keep answering.
 */
export interface RunningShards {
  manager: ShardingManager;
  /** Stops every child and waits for them to exit. */
  stop(): Promise<void>;
}

/** The file each child runs: the same entry point as `npm start`. */
const MAIN_FILE = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Whether this process is a child of a ShardingManager (discord.js sets this in the children's environment). */
export function isShardChild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER === 'true';
}

export async function startShardManager(settings: Settings): Promise<RunningShards> {
  const log = childLogger('shards');
  if (!settings.DISCORD_TOKEN) throw new BotError('CONFIG_INVALID', 'DISCORD_TOKEN is required to run the Discord bot');
  registerSecret(settings.DISCORD_TOKEN);
  const totalShards = settings.DISCORD_SHARD_PROCESSES;
  const manager = new ShardingManager(MAIN_FILE, {
    token: settings.DISCORD_TOKEN,
    // One shard per process, counted here: 'auto' would ask discord.com, which DISCORD_API_BASE does not redirect.
    totalShards,
    shardList: 'auto',
    mode: 'process',
    respawn: true,
    // The children are TypeScript, run through tsx as `npm start` runs the parent.
    execArgv: ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard: Shard) => {
    log.info({ shard: shard.id, of: totalShards }, 'shard process started');
    shard.on('death', (child) => log.warn({ shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : undefined }, 'shard process died; the manager starts it again'));
    shard.on('error', (error) => log.error({ shard: shard.id, err: error }, 'shard process error'));
  });
  const timeoutMs = settings.DISCORD_CONNECT_TIMEOUT_SECONDS * 1000;
  try {
    await manager.spawn({ amount: totalShards, delay: 0, timeout: timeoutMs });
  } catch (error) {
    await stopAll(manager);
    throw new BotError('GATEWAY_UNREACHABLE', `Not every shard process became ready within ${settings.DISCORD_CONNECT_TIMEOUT_SECONDS} s: ${(error as Error).message}`, { cause: error });
  }
  log.info({ processes: totalShards }, 'every shard process is ready');
  let stopped: Promise<void> | null = null;
  return {
    manager,
    stop() {
      stopped ??= stopAll(manager);
      return stopped;
    },
  };
}

async function stopAll(manager: ShardingManager): Promise<void> {
  // No respawn while stopping: kill() detaches the exit listener before it signals the child.
  const exits = [...manager.shards.values()].map(
    (shard) =>
      new Promise<void>((resolve) => {
        const child = shard.process;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        shard.kill();
      }),
  );
  await Promise.all(exits);
}

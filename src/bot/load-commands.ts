import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { BotError } from '../errors.ts';
import type { Command } from './command.ts';

export const DEFAULT_COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';
const fn = z.custom<(...args: never[]) => unknown>(isFunction, { message: 'expected a function' });

/** Discord's rule for command names: 1–32 lowercase letters, digits, "-" or "_". */
const commandModuleSchema = z.object({
  data: z.object({
    name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, 'expected a valid command name'),
    toJSON: fn,
  }),
  execute: fn,
  autocomplete: fn.optional(),
  button: fn.optional(),
});

/** Validates one imported module; throws COMMAND_INVALID naming the file and the problem. */
export function validateCommandModule(module: unknown, file: string): Command {
  const result = commandModuleSchema.safeParse(module);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(module)'}: ${issue.message}`);
    throw new BotError('COMMAND_INVALID', `Command module ${file} is invalid: ${problems.join('; ')}`, { details: problems });
  }
  return module as Command;
}

/** Imports every `*.ts` / `*.js` module in the commands folder, keyed by command name. */
export async function loadCommands(dir: string = DEFAULT_COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/u.test(f) && !f.endsWith('.d.ts')).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const command = validateCommandModule(await import(pathToFileURL(path.join(dir, file)).href), file);
    if (commands.has(command.data.name)) {
      throw new BotError('COMMAND_INVALID', `Two command modules are named "${command.data.name}" (${file})`);
    }
    commands.set(command.data.name, command);
  }
  return commands;
}

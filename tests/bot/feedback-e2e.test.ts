import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { Locale, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AskRequest, QaEngine } from '../../src/engine-types.ts';
import { loadCommands } from '../../src/bot/load-commands.ts';
import { FEEDBACK_RETRY_INTERVAL_MS, RESULTS_PER_PAGE } from '../../src/limits.ts';
import { feedbackStrings } from '../../src/reply/feedback-i18n.ts';
import { strings } from '../../src/reply/i18n.ts';
import {
  botMessage,
  buttonClick,
  integerOption,
  MEMBER_PERMISSIONS,
  slashCommand,
  type InteractionPlace,
} from '../support/fake-discord/fixtures.ts';
import type { RecordedRequest } from '../support/fake-discord/server.ts';
import { keepOpen, useE2eEngine } from './support/e2e-engine.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { askOverWire, bodyOf, customIdsOf, freshUser, isEditOriginal, messageFromEdit, QUESTION, UNANSWERABLE } from './support/wire.ts';

/**
 * Feedback through the real discord.js client against the fake Discord, with the real SQLite file in a temporary
 * DATA_DIR: every assertion is on the wire or on the rows in the file.
 */

const MODERATOR_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

const live = useE2eEngine();
const { logLines } = live;
let engine: QaEngine;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(() => {
  engine = live.engine;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bot-feedback-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function harnessWith(dataDir: string, extra: { env?: Record<string, string>; now?: () => number } = {}): Promise<Harness> {
  const harness = await startHarness({ engine: keepOpen(engine), renderChart: null, env: { FEEDBACK: 'on', DATA_DIR: dataDir, ...extra.env }, ...(extra.now ? { now: extra.now } : {}) });
  let stopped = false;
  const stop = harness.stop.bind(harness);
  harness.stop = async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
  cleanups.push(() => harness.stop());
  return harness;
}

const voteIdsOf = (request: RecordedRequest) => customIdsOf(request).filter((id) => id.startsWith('ask:vote:'));
/** The private note a click got: the content of the edited deferred reply, or of a direct ephemeral reply. */
function noteOf(requests: RecordedRequest[]): { text: unknown; ephemeral: boolean } {
  const callback = requests.find((r) => r.method === 'POST' && r.path.endsWith('/callback'))!;
  const edit = requests.find(isEditOriginal);
  if (edit) return { text: bodyOf(edit).content, ephemeral: bodyOf(callback).data?.flags === 64 };
  return { text: bodyOf(callback).data?.content, ephemeral: bodyOf(callback).data?.flags === 64 };
}

const user = freshUser;

function rows(dataDir: string, table: 'votes' | 'refusals'): Array<Record<string, unknown>> {
  const db = new Database(path.join(dataDir, 'feedback.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

/** The answer of an /ask: the edit of its deferred reply. */
const ask = async (harness: Harness, question: string, at: InteractionPlace) => (await askOverWire(harness, question, at)).edit!;
const messageOf = messageFromEdit;

describe('👍/👎 on /ask replies', () => {
  it('records one row per voter and message: 👍 creates it, 👎 changes it, and it survives a restart', async () => {
    const dataDir = await freshDataDir();
    let harness = await harnessWith(dataDir);
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user(), locale: Locale.Vietnamese };
    const edit = await ask(harness, QUESTION, at);
    const expected = await engine.ask({ question: QUESTION, k: RESULTS_PER_PAGE, offset: 0 });

    // The vote buttons share the row of "More results"; the answer is otherwise what it always was.
    const controls = ((bodyOf(edit).components ?? []) as APIActionRowComponent<APIButtonComponent>[])[0]!.components;
    expect(controls.map((b) => ('emoji' in b ? b.emoji?.name : 'label' in b ? b.label : undefined))).toEqual([strings('en').moreResults, '👍', '👎']);
    const [up, down] = voteIdsOf(edit);
    expect(up).toMatch(/^ask:vote:u:0:\*:[0-9a-f]{16}$/u);
    expect(down).toBe(up!.replace(':u:', ':d:'));
    for (const id of customIdsOf(edit)) expect(id.length).toBeLessThanOrEqual(100);

    const message = messageOf(edit, at.guildId);
    const first = await harness.interact(buttonClick(up!, message, at));
    expect(noteOf(first)).toEqual({ text: feedbackStrings('vi').thanks('👍'), ephemeral: true });
    let stored = rows(dataDir, 'votes');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      message_id: message.id,
      guild_id: at.guildId,
      vote: 1,
      question: QUESTION,
      question_lang: 'en',
      refused: 0,
      page_offset: 0,
      mode: 'lexical',
      model_id: null,
      index_generation: engine.stats().builtAt,
    });
    const shown = JSON.parse(stored[0]!.shown as string) as Array<Record<string, unknown>>;
    expect(shown).toEqual(expected.results.map((hit) => ({ rank: hit.rank, doc: hit.source.doc, passage: hit.passage.id, score: hit.score, quote: hit.quote })));
    // The voter is a keyed hash; the Discord user id appears nowhere in the row.
    expect(stored[0]!.voter).toMatch(/^[0-9a-f]{64}$/u);
    expect(JSON.stringify(stored)).not.toContain(at.user!.id);

    const second = await harness.interact(buttonClick(down!, message, at));
    expect(noteOf(second).text).toBe(feedbackStrings('vi').changed('👎'));
    stored = rows(dataDir, 'votes');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ vote: -1, id: 1 });

    // A new bot on the same DATA_DIR: the vote is there, and the same click again counts nothing twice.
    await harness.stop();
    harness = await harnessWith(dataDir);
    const again = await harness.interact(buttonClick(down!, message, { ...at, guildId: harness.guildIds[0]! }));
    expect(noteOf(again).text).toBe(feedbackStrings('vi').already('👎'));
    expect(rows(dataDir, 'votes')).toEqual(stored);

    // Another user on the same message is another row.
    await harness.interact(buttonClick(up!, message, { ...at, user: user(), locale: Locale.EnglishUS }));
    expect(rows(dataDir, 'votes').map((r) => r.vote)).toEqual([-1, 1]);
  });

  it('answers a forged or malformed custom_id politely and records nothing', async () => {
    const dataDir = await freshDataDir();
    const harness = await harnessWith(dataDir);
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user() };
    const edit = await ask(harness, QUESTION, at);
    const message = messageOf(edit, at.guildId);
    const [up] = voteIdsOf(edit);

    // Well-formed but with a tag this bot never issued: treated as out of date.
    const forgedTag = up!.replace(/[0-9a-f]{16}$/u, '0123456789abcdef');
    expect(noteOf(await harness.interact(buttonClick(forgedTag, message, at)))).toEqual({ text: feedbackStrings('en').stale, ephemeral: true });
    // A valid tag moved to another page: the tag covers the page, so this is refused too.
    expect(noteOf(await harness.interact(buttonClick(up!.replace(':u:0:', ':u:3:'), message, at))).text).toBe(feedbackStrings('en').stale);
    // Not a vote id at all.
    for (const id of ['ask:vote:x:0:*:0123456789abcdef', 'ask:vote:u:0:zz:0123456789abcdef', `ask:vote:u:0:*:${'f'.repeat(80)}`]) {
      expect(noteOf(await harness.interact(buttonClick(id, message, at)))).toEqual({ text: strings('en').expired, ephemeral: true });
    }
    // A genuine button on a message whose question cannot be read.
    const noQuestion = botMessage(at.guildId, { embeds: [{ description: 'edited by someone' } as APIEmbed] });
    expect(noteOf(await harness.interact(buttonClick(up!, noQuestion, at))).text).toBe(strings('en').expired);

    expect(rows(dataDir, 'votes')).toEqual([]);
  });

  it('stores every refusal as a knowledge gap without the user, and takes votes on refusals', async () => {
    const dataDir = await freshDataDir();
    const harness = await harnessWith(dataDir);
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user() };
    const edit = await ask(harness, UNANSWERABLE, at);
    expect((bodyOf(edit).embeds as APIEmbed[])[0]!.title).toBe(strings('en').abstainTitle);
    await ask(harness, '???', at);

    const refusals = rows(dataDir, 'refusals');
    // "???" has no word in any script: the engine refuses it, but it says nothing about the corpus.
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ question: UNANSWERABLE, question_lang: 'en', guild_id: at.guildId });
    expect(Object.keys(refusals[0]!).sort()).toEqual(['asked_at', 'confidence', 'guild_id', 'id', 'question', 'question_lang']);
    expect(JSON.stringify(refusals)).not.toContain(at.user!.id);

    const [up] = voteIdsOf(edit);
    expect(up).toBeDefined();
    await harness.interact(buttonClick(up!, messageOf(edit, at.guildId), at));
    expect(rows(dataDir, 'votes')).toMatchObject([{ refused: 1, vote: 1, shown: '[]', question: UNANSWERABLE }]);
  });

  it('keeps answering with a damaged database: no vote buttons, one clear error, and buttons again once it is fixed', async () => {
    const dataDir = await freshDataDir();
    const dbPath = path.join(dataDir, 'feedback.sqlite');
    await writeFile(dbPath, 'this is not a database, it is a text file that someone saved over it\n'.repeat(200));
    let clock = Date.now();
    const linesBefore = logLines.length;
    const harness = await harnessWith(dataDir, { now: () => clock });
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user() };

    for (let i = 0; i < 3; i++) {
      const edit = await ask(harness, QUESTION, { ...at, user: user() });
      expect((bodyOf(edit).embeds as APIEmbed[])[0]!.title).toBe(strings('en').answerTitle);
      expect(customIdsOf(edit)).toEqual([`ask:more:${RESULTS_PER_PAGE}:*:0`]);
    }
    const errors = logLines
      .slice(linesBefore)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.code === 'FEEDBACK_UNAVAILABLE');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50 });
    expect(String((errors[0]!.err as { message: string }).message)).toMatch(/feedback\.sqlite cannot be used \(SQLITE_NOTADB: .*\)\. The file is damaged: move it away/u);

    // A click on a button drawn before the damage: a polite note, no crash.
    const fake = `ask:vote:u:0:*:${'a'.repeat(16)}`;
    const message = botMessage(at.guildId, { embeds: [{ description: `> ${QUESTION}\n\n…` }] });
    expect(noteOf(await harness.interact(buttonClick(fake, message, at))).text).toBe(feedbackStrings('en').unavailable);

    // The moderator moves the file away; at the next question after the retry interval, the buttons are back.
    await rm(dbPath);
    clock += FEEDBACK_RETRY_INTERVAL_MS;
    const edit = await ask(harness, QUESTION, { ...at, user: user() });
    expect(voteIdsOf(edit)).toHaveLength(2);
    expect(existsSync(dbPath)).toBe(true);
  });

  it('with FEEDBACK=off shows no buttons and writes nothing', async () => {
    const dataDir = await freshDataDir();
    const harness = await harnessWith(dataDir, { env: { FEEDBACK: 'off' } });
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user() };
    expect(voteIdsOf(await ask(harness, QUESTION, at))).toEqual([]);
    expect(voteIdsOf(await ask(harness, UNANSWERABLE, at))).toEqual([]);
    const gaps = await harness.interact(slashCommand('gaps', [], { ...at, permissions: MODERATOR_PERMISSIONS }));
    expect(noteOf(gaps).text).toBe(feedbackStrings('en').feedbackOff);
    expect(existsSync(path.join(dataDir, 'feedback.sqlite'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'feedback.key'))).toBe(false);
  });
});

describe('votes and the engine behind them', () => {
  /** The real engine, changed the way a rebuild or the confidence of issue 10 would change it. */
  interface Adjustable {
    engine: QaEngine;
    dropFirst: boolean;
    confidence: number | undefined;
  }
  function adjustable(): Adjustable {
    const control: Adjustable = { dropFirst: false, confidence: undefined, engine: keepOpen(engine) };
    control.engine = {
      ...keepOpen(engine),
      ask: async (request: AskRequest): Promise<Answer> => {
        const answer = await engine.ask(request);
        const results = control.dropFirst ? answer.results.slice(1) : answer.results;
        return { ...answer, results, ...(control.confidence === undefined ? {} : { confidence: control.confidence }) };
      },
    };
    return control;
  }

  async function harnessOn(qa: QaEngine, dataDir: string): Promise<Harness> {
    const harness = await startHarness({ engine: qa, renderChart: null, env: { FEEDBACK: 'on', DATA_DIR: dataDir, ABSTAIN_THRESHOLD: '0.5' } });
    cleanups.push(() => harness.stop());
    return harness;
  }

  it('records nothing for a button whose answer has changed since it was drawn (a rebuild), and says so', async () => {
    const dataDir = await freshDataDir();
    const control = adjustable();
    const harness = await harnessOn(control.engine, dataDir);
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user() };
    const edit = await ask(harness, QUESTION, at);
    control.dropFirst = true;
    const [up] = voteIdsOf(edit);
    expect(noteOf(await harness.interact(buttonClick(up!, messageOf(edit, at.guildId), at)))).toEqual({ text: feedbackStrings('en').stale, ephemeral: true });
    expect(rows(dataDir, 'votes')).toEqual([]);
  });

  it("stores the engine's confidence and the threshold in force with votes and refusals", async () => {
    const dataDir = await freshDataDir();
    const control = adjustable();
    const harness = await harnessOn(control.engine, dataDir);
    const at: InteractionPlace = { guildId: harness.guildIds[0]!, user: user() };
    const { confidence } = await engine.ask({ question: QUESTION, k: RESULTS_PER_PAGE });
    expect(confidence).toBeGreaterThan(0);
    let edit = await ask(harness, QUESTION, at);
    await harness.interact(buttonClick(voteIdsOf(edit)[0]!, messageOf(edit, at.guildId), at));
    control.confidence = 0.42;
    edit = await ask(harness, QUESTION, at);
    await harness.interact(buttonClick(voteIdsOf(edit)[1]!, messageOf(edit, at.guildId), at));
    await ask(harness, UNANSWERABLE, at);
    control.confidence = undefined;
    await ask(harness, UNANSWERABLE, at);
    expect(rows(dataDir, 'votes').map((r) => [r.vote, r.confidence, r.threshold])).toEqual([
      [1, confidence, 0.5],
      [-1, 0.42, 0.5],
    ]);
    const unanswerable = await engine.ask({ question: UNANSWERABLE, k: RESULTS_PER_PAGE });
    expect(rows(dataDir, 'refusals').map((r) => r.confidence)).toEqual([0.42, unanswerable.confidence]);
  });
});

describe('/gaps', () => {
  it('is registered for Manage Server only, in servers only', async () => {
    const gaps = (await loadCommands()).get('gaps')!.data.toJSON();
    expect(gaps.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(gaps.contexts).toEqual([0]);
  });

  it('refuses a member without Manage Server, and shows a moderator the top refused questions of that server only', async () => {
    const dataDir = await freshDataDir();
    const harness = await harnessWith(dataDir);
    const guildId = harness.guildIds[0]!;
    const at: InteractionPlace = { guildId, user: user() };
    for (const question of ['zzqx blorft', 'Blorft ZZQX?', 'zzqx   blorft', 'vexillology of Mars']) await ask(harness, question, { ...at, user: user() });
    // Another server's refusal, written as the bot would have: never shown here.
    const db = new Database(path.join(dataDir, 'feedback.sqlite'));
    db.prepare('INSERT INTO refusals (question, question_lang, guild_id, confidence, asked_at) VALUES (?, ?, ?, ?, ?)').run('other server secret', 'en', '1'.repeat(18), null, Date.now());
    db.close();

    const refused = await harness.interact(slashCommand('gaps', [], at));
    expect(noteOf(refused)).toEqual({ text: feedbackStrings('en').gapsForbidden, ephemeral: true });

    const shown = await harness.interact(slashCommand('gaps', [integerOption('days', 7)], { ...at, permissions: MODERATOR_PERMISSIONS }));
    const callback = bodyOf(shown[0]!);
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(64);
    expect(callback.data?.allowed_mentions).toEqual({ parse: [] });
    const embed = (callback.data?.embeds as APIEmbed[])[0]!;
    expect(embed.title).toBe(feedbackStrings('en').gapsTitle(7));
    // Three questions share the content words {blorft, zzqx}; two of them differ only in spacing: one wording, ×2.
    expect(embed.description).toBe(['**1.** **3×** (en)\n“zzqx blorft” ×2\n“Blorft ZZQX?”', '**2.** **1×** (en)\n“vexillology of Mars”'].join('\n\n'));
    expect(embed.footer?.text).toBe(feedbackStrings('en').gapsFooter(4, 2));
  });
});

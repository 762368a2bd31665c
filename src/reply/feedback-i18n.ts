import type { UiLang } from './i18n.ts';

/**
 * The bot's words about feedback (votes and /gaps), in every interface language. Kept beside i18n.ts rather than in
 * it: one table per concern.
 */
export interface FeedbackStrings {
  thanks: (emoji: string) => string;
  changed: (emoji: string) => string;
  already: (emoji: string) => string;
  stale: string;
  unavailable: string;
  gapsTitle: (days: number | undefined) => string;
  gapsEmpty: string;
  gapsFooter: (refusals: number, groups: number) => string;
  gapsForbidden: string;
  gapsGuildOnly: string;
  feedbackOff: string;
}

const en: FeedbackStrings = {
  thanks: (emoji) => `Thanks — your ${emoji} is recorded. Votes are anonymous and help improve the answers.`,
  changed: (emoji) => `Your vote is now ${emoji}. Thanks!`,
  already: (emoji) => `You already voted ${emoji} on this answer.`,
  stale: 'This answer is out of date (the articles have been re-indexed since), so the vote was not recorded. Ask again to vote on the new answer.',
  unavailable: 'Sorry, votes cannot be recorded right now. Answers are not affected.',
  gapsTitle: (days) => (days === undefined ? 'Most asked unanswered questions' : `Most asked unanswered questions, last ${days} days`),
  gapsEmpty: 'No unanswered questions recorded for this server.',
  gapsFooter: (refusals, groups) => `${refusals} refused questions in ${groups} groups. Adding articles on these subjects helps.`,
  gapsForbidden: 'Only members with the Manage Server permission can see the unanswered questions.',
  gapsGuildOnly: 'This command works in a server only.',
  feedbackOff: 'Feedback is switched off on this bot, so no questions are recorded.',
};

const vi: FeedbackStrings = {
  thanks: (emoji) => `Cảm ơn bạn — đã ghi nhận ${emoji}. Phiếu bầu là ẩn danh và giúp cải thiện câu trả lời.`,
  changed: (emoji) => `Phiếu của bạn đã đổi thành ${emoji}. Cảm ơn bạn!`,
  already: (emoji) => `Bạn đã bầu ${emoji} cho câu trả lời này rồi.`,
  stale: 'Câu trả lời này đã cũ (các bài báo đã được lập chỉ mục lại), nên phiếu không được ghi nhận. Hãy hỏi lại để bầu cho câu trả lời mới.',
  unavailable: 'Xin lỗi, hiện không thể ghi nhận phiếu bầu. Câu trả lời không bị ảnh hưởng.',
  gapsTitle: (days) => (days === undefined ? 'Các câu hỏi chưa có lời đáp được hỏi nhiều nhất' : `Các câu hỏi chưa có lời đáp được hỏi nhiều nhất, ${days} ngày qua`),
  gapsEmpty: 'Chưa ghi nhận câu hỏi nào chưa có lời đáp trong máy chủ này.',
  gapsFooter: (refusals, groups) => `${refusals} câu hỏi bị từ chối trong ${groups} nhóm. Bổ sung bài báo về các chủ đề này sẽ giúp ích.`,
  gapsForbidden: 'Chỉ thành viên có quyền Quản lý máy chủ mới xem được các câu hỏi chưa có lời đáp.',
  gapsGuildOnly: 'Lệnh này chỉ dùng được trong máy chủ.',
  feedbackOff: 'Bot này đã tắt tính năng phản hồi, nên không ghi nhận câu hỏi nào.',
};

const id: FeedbackStrings = {
  thanks: (emoji) => `Terima kasih — ${emoji} Anda tercatat. Suara bersifat anonim dan membantu memperbaiki jawaban.`,
  changed: (emoji) => `Suara Anda sekarang ${emoji}. Terima kasih!`,
  already: (emoji) => `Anda sudah memberi ${emoji} untuk jawaban ini.`,
  stale: 'Jawaban ini sudah usang (artikel telah diindeks ulang), jadi suara tidak dicatat. Tanyakan lagi untuk menilai jawaban yang baru.',
  unavailable: 'Maaf, suara tidak dapat dicatat saat ini. Jawaban tidak terpengaruh.',
  gapsTitle: (days) => (days === undefined ? 'Pertanyaan tak terjawab yang paling sering diajukan' : `Pertanyaan tak terjawab yang paling sering diajukan, ${days} hari terakhir`),
  gapsEmpty: 'Belum ada pertanyaan tak terjawab yang tercatat untuk server ini.',
  gapsFooter: (refusals, groups) => `${refusals} pertanyaan ditolak dalam ${groups} kelompok. Menambah artikel tentang topik ini akan membantu.`,
  gapsForbidden: 'Hanya anggota dengan izin Kelola Server yang dapat melihat pertanyaan tak terjawab.',
  gapsGuildOnly: 'Perintah ini hanya berfungsi di server.',
  feedbackOff: 'Umpan balik dimatikan pada bot ini, jadi tidak ada pertanyaan yang dicatat.',
};

const ru: FeedbackStrings = {
  thanks: (emoji) => `Спасибо — ваш ${emoji} учтён. Голоса анонимны и помогают улучшать ответы.`,
  changed: (emoji) => `Ваш голос изменён на ${emoji}. Спасибо!`,
  already: (emoji) => `Вы уже поставили ${emoji} этому ответу.`,
  stale: 'Этот ответ устарел (статьи с тех пор переиндексированы), поэтому голос не учтён. Задайте вопрос снова, чтобы оценить новый ответ.',
  unavailable: 'К сожалению, сейчас голоса не сохраняются. На ответы это не влияет.',
  gapsTitle: (days) => (days === undefined ? 'Самые частые вопросы без ответа' : `Самые частые вопросы без ответа за ${days} дн.`),
  gapsEmpty: 'Для этого сервера вопросов без ответа не записано.',
  gapsFooter: (refusals, groups) => `Вопросов без ответа: ${refusals}, групп: ${groups}. Статьи на эти темы помогут.`,
  gapsForbidden: 'Вопросы без ответа видят только участники с правом «Управлять сервером».',
  gapsGuildOnly: 'Эта команда работает только на сервере.',
  feedbackOff: 'Обратная связь на этом боте отключена, вопросы не записываются.',
};

const STRINGS: Record<UiLang, FeedbackStrings> = { en, vi, id, ru };

export function feedbackStrings(lang: UiLang): FeedbackStrings {
  return STRINGS[lang];
}

export const VOTE_EMOJI = { up: '👍', down: '👎' } as const;

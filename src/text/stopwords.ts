/**
 * Function words per language, checked on the lower-cased form BEFORE diacritic folding: Vietnamese "đã" (already)
 * is a stop word but "Đà" (Đà Nẵng) is not, and both fold to "da".
 * Question words are included: they say what kind of answer is wanted, not what it is about.
 */
const EN = `a an the of to in on at by for from with about as into onto over after before during between and or but
not no nor is are was were be been being am do does did done has have had having will would shall should can could
may might must this that these those it its it's there their they them he him his she her we our you your i me my
what when where which who whom whose why how whether than then so such very also just too any some all each both
more most much many other own same only if while up out off again further once here s t yet via per ever did tell
know please give show let us doing say said says tell told talk talked mention mentioned
happen happened like new good year years position stance`.split(/\s+/);

const ID = `yang dan di ke dari untuk pada dengan dalam adalah ini itu atau juga tidak akan telah sudah oleh sebagai
karena agar bahwa secara tersebut para serta ia dia mereka kami kita saya anda apa apakah kapan mana siapa bagaimana
mengapa kenapa berapa bila jika maka lalu saat ada bisa dapat harus masih belum pernah sejak hingga sampai antara
kepada terhadap tentang nya pun lah kah tahu sebutkan jelaskan kata dikatakan mengatakan bilang
menurut tahun isi posisi sikap`.split(/\s+/);

const VI = `và của là các những có được với cho trong này đã khi nào gì không ở tại về thì mà để cũng như nhưng hay
hoặc bị do từ theo đến sẽ đang rất nhiều một mỗi bao giờ sao ai đâu thế nào vậy gì chưa nhé ạ hả làm lúc đó kia
ra vào lên trên dưới nên vì ông bà chị họ chúng tôi ta mình bạn hãy cho biết nói gì năm nào khi bao giờ nhiêu mấy
thế nào ra sao`.split(/\s+/);

const RU = `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было вот
от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз
тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее
сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про
всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более
всегда конечно всю между каком какие каких какое какую каким расскажи скажи подскажи сколько почему зачем ли это
какова каков каково каковы кем чём чем
такое такая такие такую год году года лет позиция позицию позиции сказал сказала говорил говорили говорится рассказал упоминал`.split(/\s+/);

export const STOP_WORDS: ReadonlySet<string> = new Set([...EN, ...ID, ...VI, ...RU].filter((w) => w.length > 0));

export function isStopWord(lowerCased: string): boolean {
  return STOP_WORDS.has(lowerCased);
}

/** Per-language lists, used by language detection (Indonesian vs English share the Latin script). */
export const STOP_WORDS_BY_LANG = {
  en: new Set(EN),
  id: new Set(ID),
  vi: new Set(VI),
  ru: new Set(RU),
} as const;

/**
 * Hostile or odd questions, each named for the failure it probes. Shared by the Discord and CLI suites so that both
 * front ends are held to the same list.
 */
export interface BadInput {
  name: string;
  question: string;
  /** True when the CLI cannot receive it as one stdin line (it contains a line break). */
  multiline?: boolean;
}

const TEN_THOUSAND = 'When did Putin visit Hanoi and what did he sign with Vietnam? '.repeat(200).slice(0, 10_000);

export const BAD_INPUTS: BadInput[] = [
  { name: 'empty', question: '' },
  { name: 'whitespace only', question: ' \t \u00A0\u3000 ' },
  { name: 'line breaks only', question: '\n\r\n\n', multiline: true },
  { name: '10,000 characters', question: TEN_THOUSAND },
  { name: '10,000 characters without spaces', question: 'ж'.repeat(10_000) },
  { name: 'control characters', question: 'Putin\u0000 visit\u0001\u0007 \u001b[31mHanoi\u001b[0m\u007f\u0085\u009b?' },
  { name: 'zero-width characters only', question: '\u200B\u200C\u200D\u2060\uFEFF' },
  { name: 'zero-width inside words', question: 'Pu\u200Btin vis\u200Dited Ha\uFEFFnoi' },
  { name: 'emoji only', question: '🇻🇳🤝🇷🇺🔥👍🏽‍♂️' },
  { name: 'right-to-left text', question: 'ما هي العلاقات بين فيتنام وروسيا؟ \u202Eevil\u202C שלום' },
  { name: 'mass mentions', question: '@everyone @here when did Putin visit Hanoi?' },
  { name: 'user, role and channel mentions', question: '<@123456789012345678> <@!123456789012345678> <@&123456789012345678> <#123456789012345678> Putin' },
  { name: 'Markdown injection', question: '**bold** __under__ `code` ```block``` ||spoiler|| ~~strike~~ *it* _it_ Putin Hanoi' },
  { name: 'block Markdown', question: '# Heading\n> quote\n-# subtext\n- item\n1. item', multiline: true },
  { name: 'masked links', question: '[click me](https://evil.example/steal) <https://evil.example> [Putin](<https://x.example>)' },
  { name: 'timestamp and slash mentions', question: '<t:1700000000:R> </ask:123456789012345678> Hanoi' },
  { name: 'regex metacharacters', question: '.*+?^${}()|[]\\ (?<x>a)\\k<x> [^] \\p{L}+ (a+)+$' },
  { name: 'catastrophic-backtracking bait', question: `${'a'.repeat(60)}!` },
  { name: 'Thai', question: 'ความสัมพันธ์ระหว่างเวียดนามกับรัสเซียเป็นอย่างไร' },
  { name: 'Amharic', question: 'የቬትናም እና የሩሲያ ግንኙነት ምንድን ነው?' },
  { name: 'lone surrogates', question: '\uD800Putin\uDFFF Hanoi\uD83D' },
  { name: 'stacked combining marks', question: 'P̷̢̛̛̖̗u̸̧͎t̵͓̿i̶̮͝n̴̰̈́ H̷a̸n̵o̶i̴' },
  { name: 'HTML and script', question: '<script>alert(1)</script><img src=x onerror=alert(1)> Putin' },
  { name: 'JSON and prototype keys', question: '{"__proto__":{"polluted":1}} constructor prototype toString' },
];

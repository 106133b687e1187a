// The lexer, as a table: source -> token kinds and texts (literal tokens show their decoded value).
import t from 'tap';
import { lex } from '../../jobspecs/hcl/lexer.js';
import { DEFAULT_LIMITS } from '../../jobspecs/hcl/limits.js';

function tokens(source: string): string[] {
  return lex(source, 't.hcl', DEFAULT_LIMITS).map((tok) => (tok.kind === 'literal' ? `literal:${JSON.stringify(tok.value)}` : tok.kind === 'eof' || tok.kind === 'newline' ? tok.kind : `${tok.kind}:${tok.text}`));
}

const cases: Array<[string, string, string[]]> = [
  ['identifiers and punctuation', 'a-b_c = x.y', ['ident:a-b_c', 'punct:=', 'ident:x', 'punct:.', 'ident:y', 'eof']],
  ['numbers', '1 2.5 3e4 5.0E-2', ['number:1', 'number:2.5', 'number:3e4', 'number:5.0E-2', 'eof']],
  ['legacy index after a dot stays an integer', 'a.0.1', ['ident:a', 'punct:.', 'number:0', 'punct:.', 'number:1', 'eof']],
  ['multi-character operators', '== != <= >= && || => ... ::', ['punct:==', 'punct:!=', 'punct:<=', 'punct:>=', 'punct:&&', 'punct:||', 'punct:=>', 'punct:...', 'punct:::', 'eof']],
  ['comments', 'a # one\nb // two\nc /* three\n */ d', ['ident:a', 'newline', 'ident:b', 'newline', 'ident:c', 'ident:d', 'eof']],
  ['quoted string with escapes', '"a\\tb\\u0041"', ['oquote:"', 'literal:"a\\tbA"', 'cquote:"', 'eof']],
  ['interpolation', '"x${y}z"', ['oquote:"', 'literal:"x"', 'interp:${', 'ident:y', 'seqend:}', 'literal:"z"', 'cquote:"', 'eof']],
  ['braces inside interpolation', '"${ {a=1} }"', ['oquote:"', 'interp:${', 'punct:{', 'ident:a', 'punct:=', 'number:1', 'punct:}', 'seqend:}', 'cquote:"', 'eof']],
  ['strip markers', '"${~ x ~}"', ['oquote:"', 'interp:${', 'strip:~', 'ident:x', 'strip:~', 'seqend:}', 'cquote:"', 'eof']],
  ['directives', '"%{if c}y%{endif}"', ['oquote:"', 'control:%{', 'ident:if', 'ident:c', 'seqend:}', 'literal:"y"', 'control:%{', 'ident:endif', 'seqend:}', 'cquote:"', 'eof']],
  ['escaped sequences', '"$${a} %%{b}"', ['oquote:"', 'literal:"${a} %{b}"', 'cquote:"', 'eof']],
  ['nested strings in interpolation', '"${ "in${x}" }"', ['oquote:"', 'interp:${', 'oquote:"', 'literal:"in"', 'interp:${', 'ident:x', 'seqend:}', 'cquote:"', 'seqend:}', 'cquote:"', 'eof']],
  ['heredoc split per line', '<<EOT\nab\n${c}\nEOT\n', ['oheredoc:<<EOT\n', 'literal:"ab\\n"', 'interp:${', 'ident:c', 'seqend:}', 'literal:"\\n"', 'cheredoc:EOT', 'newline', 'eof']],
  ['indented heredoc marker', 'x = <<-EOT\n  a\n  EOT\n', ['ident:x', 'punct:=', 'oheredoc:<<-EOT\n', 'literal:"  a\\n"', 'cheredoc:  EOT', 'newline', 'eof']],
  ['unicode identifiers', 'héllo = 1', ['ident:héllo', 'punct:=', 'number:1', 'eof']],
];

for (const [name, source, expected] of cases) t.same(tokens(source), expected, name);

t.test('token positions are 1-based line and column', async (t) => {
  const toks = lex('a = 1\n  bb = "x"', 't.hcl', DEFAULT_LIMITS);
  const bb = toks.find((tok) => tok.text === 'bb');
  t.same(bb?.start, { line: 2, column: 3, offset: 8 });
  t.same(bb?.end, { line: 2, column: 5, offset: 10 });
});

// The function library, one row per behaviour: call -> value. Error rows expect the
// function's error text.
import { mkdir, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { evalOrError } from './helpers.js';

const cases: Array<[string, unknown]> = [
  // numeric
  ['abs(-3.5)', 3.5], ['ceil(1.2)', 2], ['floor(-1.2)', -2], ['log(8, 2)', 3], ['pow(2, 10)', 1024],
  ['signum(-7)', -1], ['signum(0)', 0], ['max(1, 5, 3)', 5], ['min(4, "2", 9)', 2],
  ['parseint("ff", 16)', 255], ['parseint("-1010", 2)', -10], ['parseint("Z", 62)', 61], ['sum([1, 2, 3.5])', 6.5],
  // strings
  ['chomp("hello\\n\\n")', 'hello'], ['format("%s=%d", "a", 42)', 'a=42'], ['format("%05.2f|%-4s|%4s|", 3.14159, "ab", "cd")', '03.14|ab  |  cd|'],
  ['format("%v %v %v", "s", 1.5, true)', 's 1.5 true'], ['format("%#v", { a = [1] })', '{"a":[1]}'], ['format("%x %X %o %b", 255, 255, 8, 5)', 'ff FF 10 101'],
  ['format("%q", "hi")', '"hi"'], ['format("%t", false)', 'false'], ['format("%e", 1234.5)', '1.234500e+03'], ['format("%+d", 5)', '+5'],
  ['format("%[2]s %[1]s", "a", "b")', 'b a'], ['format("100%%")', '100%'], ['length(format("%.5000e", 1))', 106],
  ['formatlist("%s-%s", ["a", "b"], "x")', ['a-x', 'b-x']], ['formatlist("%s:%s", ["a", "b"], [1, 2])', ['a:1', 'b:2']],
  ['indent(2, "a\\nb")', 'a\n  b'], ['join("-", ["a", "b"], ["c"])', 'a-b-c'], ['join(",", [1, true])', '1,true'],
  ['lower("HeLLo")', 'hello'], ['upper("héllo")', 'HÉLLO'],
  ['regex("[a-z]+", "123abc456")', 'abc'], ['regex("(\\\\d+)-(\\\\d+)", "10-20")', ['10', '20']],
  ['regex("(?P<major>\\\\d+)\\\\.(?P<minor>\\\\d+)", "v1.2")', { major: '1', minor: '2' }],
  ['regexall("\\\\d", "a1b2c3")', ['1', '2', '3']], ['length(regexall("z", "abc"))', 0],
  ['replace("a-b-c", "-", "+")', 'a+b+c'], ['replace("hello world", "/o(\\\\w)/", "0$1")', 'hello w0rld'],
  ['split(",", "a,b,,c")', ['a', 'b', '', 'c']], ['split(",", "")', ['']], ['strrev("abc😀")', '😀cba'],
  ['substr("hello world", 1, 4)', 'ello'], ['substr("hello", -3, -1)', 'llo'], ['substr("héllo", 1, 1)', 'é'],
  ['title("hello big world")', 'Hello Big World'], ['trim("?!hello?!", "!?")', 'hello'],
  ['trimprefix("helloworld", "hello")', 'world'], ['trimsuffix("helloworld", "world")', 'hello'], ['trimspace("  x \\n")', 'x'],
  ['startswith("nomad", "no")', true], ['endswith("nomad", "ad")', true], ['strcontains("nomad", "oma")', true],
  // collections
  ['chunklist([1, 2, 3, 4, 5], 2)', [[1, 2], [3, 4], [5]]], ['coalesce(null, "", "x", "y")', 'x'], ['coalesce(null, 2)', 2],
  ['coalescelist([], ["a"], ["b"])', ['a']], ['compact(["a", "", null, "b"])', ['a', 'b']], ['concat([1], [2, 3], [])', [1, 2, 3]],
  ['contains(["a", "b"], "b")', true], ['contains([[1]], [1])', true], ['distinct([1, 2, 1, 3, 2])', [1, 2, 3]],
  ['element(["a", "b", "c"], 4)', 'b'], ['flatten([[1, [2]], [], [3]])', [1, 2, 3]], ['index(["a", "b"], "b")', 1],
  ['keys({ b = 1, a = 2 })', ['a', 'b']], ['values({ b = 1, a = 2 })', [2, 1]], ['length("héllo")', 5], ['length([1, 2])', 2], ['length({ a = 1 })', 1],
  ['lookup({ a = 1 }, "a")', 1], ['lookup({ a = 1 }, "b", "dflt")', 'dflt'], ['merge({ a = 1, b = 2 }, { b = 3 }, null)', { a: 1, b: 3 }],
  ['one([])', null], ['one(["x"])', 'x'], ['range(3)', [0, 1, 2]], ['range(1, 4)', [1, 2, 3]], ['range(10, 0, -4)', [10, 6, 2]], ['range(3, 0)', [3, 2, 1]],
  ['reverse([1, 2, 3])', [3, 2, 1]], ['setintersection(["a", "b"], ["b", "c"])', ['b']], ['setunion(["b"], ["a", "b"])', ['a', 'b']],
  ['setsubtract(["a", "b", "c"], ["b"])', ['a', 'c']], ['setproduct(["a", "b"], [1, 2])', [['a', 1], ['a', 2], ['b', 1], ['b', 2]]],
  ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']], ['sort(["b", "c", "a"])', ['a', 'b', 'c']],
  ['transpose({ a = ["1", "2"], b = ["2"] })', { 1: ['a'], 2: ['a', 'b'] }], ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['alltrue([true, "true"])', true], ['anytrue([false])', false],
  // encoding
  ['base64encode("Hello")', 'SGVsbG8='], ['base64decode("SGVsbG8=")', 'Hello'],
  ['csvdecode("a,b\\n1,2\\n\\"x,y\\",3\\n")', [{ a: '1', b: '2' }, { a: 'x,y', b: '3' }]],
  ['jsondecode("{\\"a\\": [1, true, null]}")', { a: [1, true, null] }], ['jsonencode({ a = [1, "x", null] })', '{"a":[1,"x",null]}'],
  ['jsonencode("<b>")', '"\\u003cb\\u003e"'], ['urlencode("a b&c=d/é")', 'a+b%26c%3Dd%2F%C3%A9'],
  ['yamlencode({ name = "x", list = [1, 2], empty = {} })', 'empty: {}\nlist:\n  - 1\n  - 2\nname: "x"\n'],
  // crypto
  ['md5("hello")', '5d41402abc4b2a76b9719d911017c592'], ['sha1("hello")', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ['sha256("hello")', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  ['substr(sha512("hello"), 0, 16)', '9b71d224bd62f378'], ['base64sha256("hello")', 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ='],
  ['uuidv5("dns", "www.example.com")', '2ed6657d-e927-568b-95e1-2665a8aea6a2'], ['length(uuidv4())', 36],
  // datetime
  ['formatdate("YYYY-MM-DD hh:mm:ss", "2024-03-05T07:08:09Z")', '2024-03-05 07:08:09'],
  ['formatdate("EEE, DD MMM YYYY HH:mm AA ZZZ", "2024-03-05T17:08:09Z")', 'Tue, 05 Mar 2024 05:08 PM UTC'],
  ['formatdate("MMMM D, h\'h\' ZZZZZ", "2024-12-25T23:00:00+05:30")', 'December 25, 23h +05:30'],
  ['timeadd("2024-01-01T00:00:00Z", "1h30m")', '2024-01-01T01:30:00Z'], ['timeadd("2024-01-01T00:00:00+02:00", "-10s")', '2023-12-31T23:59:50+02:00'],
  ['timecmp("2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00")', 0],
  // network
  ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'], ['cidrhost("10.12.112.0/20", -2)', '10.12.127.254'], ['cidrhost("fd00:fd12:3456:7890::/56", 16)', 'fd00:fd12:3456:7800::10'],
  ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'], ['cidrsubnet("172.16.0.0/12", 4, 2)', '172.18.0.0/16'], ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
  // conversion
  ['tobool("true")', true], ['tonumber("42")', 42], ['tostring(5)', '5'], ['tolist(["a", "b"])', ['a', 'b']], ['toset(["b", "a", "b"])', ['a', 'b']],
  ['tomap({ a = 1 })', { a: 1 }], ['convert("5", number)', 5], ['convert([1, 2], list(string))', ['1', '2']],
  ['try(local.missing, "fallback")', 'fallback'], ['try(tonumber("x"), 0)', 0], ['can(regex("^a", "abc"))', true], ['can(tonumber("nope"))', false],
  // errors from functions name the function
  ['parseint("12", 1)', /error in function parseint\(\): base must be/],
  ['element([], 0)', /cannot use element\(\) with an empty list/],
  ['regex("(a+)+$", "aaaa")', /exponential time/],
  ['format("%d %d", 1)', /not enough arguments/],
  ['range(1000000)', /more than the limit/],
  ['jsondecode("{")', /invalid JSON/],
  ['upper("a", "b")', /function upper\(\) expects 1 argument, got 2/],
  ['joinn(",", [])', /unknown function "joinn"\. Did you mean "join"\?/],
  ['tonumber("abc")', /a number is required/],
  ['cidrhost("10.0.0.0/30", 4)', /does not fit/],
];

for (const [source, expected] of cases) {
  const actual = evalOrError(source, 'locals {\n  x = 1\n}');
  if (expected instanceof RegExp) t.match(actual, expected, source);
  else t.same(actual, expected, source);
}

t.test('file, fileexists, fileset, abspath, basename, dirname, pathexpand', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'drover-hcl-fn-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'data.txt'), 'file contents\n');
  const opts = { baseDir: dir, env: { HOME: '/home/tester' }, allowFs: true };
  t.equal(evalOrError('file("data.txt")', '', opts), 'file contents\n');
  t.equal(evalOrError(`file("${join(dir, 'data.txt')}")`, '', opts), 'file contents\n');
  t.equal(evalOrError('fileexists("data.txt")', '', opts), true);
  t.equal(evalOrError('fileexists("missing.txt")', '', opts), false);
  t.match(evalOrError('file("missing.txt")', '', opts), /expr\.hcl:2:14: error in function file\(\): cannot read file "missing.txt"/);
  await mkdir(join(dir, 'sub', 'deep'), { recursive: true });
  await writeFile(join(dir, 'sub', 'b.txt'), 'b');
  await writeFile(join(dir, 'sub', 'deep', 'c.txt'), 'c');
  await writeFile(join(dir, 'sub', 'deep', 'd.md'), 'd');
  t.same(evalOrError('fileset(".", "*.txt")', '', opts), ['data.txt']);
  t.same(evalOrError('fileset(".", "**/*.txt")', '', opts), ['data.txt', 'sub/b.txt', 'sub/deep/c.txt']);
  t.same(evalOrError('fileset("sub", "deep/{c.txt,d.md}")', '', opts), ['deep/c.txt', 'deep/d.md']);
  t.same(evalOrError('fileset("sub", "?.txt")', '', opts), ['b.txt']);
  t.match(evalOrError('fileset(".", "*")', '', { baseDir: dir }), /cannot list files in "\.": filesystem access is disabled/);
  t.equal(evalOrError('abspath("x/y")', '', opts), join(dir, 'x/y'));
  t.equal(evalOrError('basename("/a/b/c.txt")', '', opts), 'c.txt');
  t.equal(evalOrError('dirname("/a/b/c.txt")', '', opts), '/a/b');
  t.equal(evalOrError('pathexpand("~/x")', '', opts), '/home/tester/x');
  t.equal(evalOrError('file("virtual")', '', { readFile: (p: string) => `read ${p}` }), 'read virtual');
  t.match(evalOrError('file("data.txt")', '', { baseDir: dir }), /cannot read file "data\.txt": filesystem access is disabled/, 'no filesystem access unless allowed');
  t.match(evalOrError('fileexists("data.txt")', '', { baseDir: dir }), /cannot check file "data\.txt": filesystem access is disabled/, 'fileexists needs allowFs too');
});

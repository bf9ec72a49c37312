package main

// The client programs run outside Go, each with its library's defaults.
// They take the port and a key prefix as arguments and print one line per
// event, fields separated by tabs:
//
//	version  <the library's version>
//	sent     <command>  (the program now waits for its reply)
//	wrong    <command>  <reply as the library returned it>  <Redis's reply>
//	error    <command>  <the library's error message>
//	closed   (the client closed its connection; the process must now end)
//
// and exit 1 after "wrong" or "error". Replies are written as JSON values,
// so that a null, a number and a string stay apart.

// pythonScript drives redis-py. Its incr sends INCRBY key 1.
const pythonScript = `import json, sys
import redis

port, prefix = int(sys.argv[1]), sys.argv[2]
print("version\t" + redis.__version__, flush=True)

def show(v):
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    return json.dumps(v, ensure_ascii=False)

def check(name, call, want):
    print("sent\t" + name, flush=True)
    try:
        got = call()
    except Exception as e:
        print("error\t%s\t%s: %s" % (name, type(e).__name__, str(e).replace("\n", " ")), flush=True)
        sys.exit(1)
    if got != want:
        print("wrong\t%s\t%s\t%s" % (name, show(got), show(want)), flush=True)
        sys.exit(1)

r = redis.Redis(port=port)
key, counter, missing = prefix + "key", prefix + "counter", prefix + "missing"
check("PING", r.ping, True)
check("ECHO", lambda: r.echo("hello, 世界"), "hello, 世界".encode())
check("SET", lambda: r.set(key, "value"), True)
check("GET", lambda: r.get(key), b"value")
check("DEL", lambda: r.delete(key), 1)
check("EXISTS", lambda: r.exists(key), 0)
check("INCR", lambda: r.incr(counter), 1)
check("INCR", lambda: r.incr(counter), 2)
check("GET", lambda: r.get(missing), None)
check("close", r.close, None)
print("closed", flush=True)
`

// nodeCommon is the part of both Node.js programs that checks replies.
const nodeCommon = `const port = Number(process.argv[2]), prefix = process.argv[3];
const key = prefix + 'key', counter = prefix + 'counter', missing = prefix + 'missing';
function say(...fields) { process.stdout.write(fields.join('\t') + '\n'); }
function show(v) { return JSON.stringify(Buffer.isBuffer(v) ? v.toString() : v === undefined ? null : v); }
function version(name) {
  const fs = require('fs'), path = require('path');
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const p = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (p.name === name) return p.version;
    }
    const up = path.dirname(dir);
    if (up === dir) return '?';
    dir = up;
  }
}
function fail(name, e) {
  say('error', name, String(e && e.message || e).replace(/[\r\n\t]+/g, ' '));
  process.exit(1);
}
async function check(name, call, want) {
  say('sent', name);
  let got;
  try {
    got = await call();
  } catch (e) {
    fail(name, e);
  }
  if (show(got) !== show(want)) {
    say('wrong', name, show(got), show(want));
    process.exit(1);
  }
}
async function steps(c) {
  await check('PING', () => c.ping(), 'PONG');
  await check('ECHO', () => c.echo('hello, 世界'), 'hello, 世界');
  await check('SET', () => c.set(key, 'value'), 'OK');
  await check('GET', () => c.get(key), 'value');
  await check('DEL', () => c.del(key), 1);
  await check('EXISTS', () => c.exists(key), 0);
  await check('INCR', () => c.incr(counter), 1);
  await check('INCR', () => c.incr(counter), 2);
  await check('GET', () => c.get(missing), null);
}
`

// nodeRedisScript drives node-redis, which asks for RESP3 with HELLO 3 and
// does not connect when it is refused.
const nodeRedisScript = nodeCommon + `const { createClient } = require('redis');
say('version', version('redis'));
(async () => {
  const c = createClient({ url: 'redis://127.0.0.1:' + port });
  // On its defaults it reconnects for ever after a failure: the first
  // error is the answer.
  c.on('error', e => fail('connect', e));
  await c.connect().catch(e => fail('connect', e));
  await steps(c);
  await (c.close ? c.close() : c.quit()).catch(e => fail('close', e));
  say('closed');
})();
`

// ioredisScript drives ioredis, which sends HELLO 3 (and falls back to
// RESP2 when refused), then INFO as its ready check, and QUIT on quit().
const ioredisScript = nodeCommon + `const Redis = require('ioredis');
say('version', version('ioredis'));
(async () => {
  const c = new Redis(port, '127.0.0.1');
  c.on('error', e => fail('connect', e));
  await steps(c);
  await check('QUIT', () => c.quit(), 'OK');
  say('closed');
})();
`

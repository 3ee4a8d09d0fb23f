import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRunDir } from './run-dir';
import { attackTool, CONTRACT_ENV, processesInUidRange, sandboxKit, testUidRange } from './sandbox.test-kit';

/**
 * Security suite, part 1: network and host data (TOOL-CONTRACT.md §1 "no network", §6 example 14).
 * Each case runs one attack script through the real sandbox and harness and asserts containment; where the
 * attack could succeed on the host, the test first shows that it does (so the assertion can fail).
 */
const UIDS = testUidRange(300_000);
const kit = sandboxKit(UIDS);
const SECRET = `skt-secret-${process.pid}-${Date.now()}`;

let tcp: net.Server;
let tcpPort = 0;
let tcpConnections = 0;
let udp: dgram.Socket;
let udpPort = 0;
let udpMessages = 0;
let abstract: net.Server;
const abstractName = `\0skt-test-${process.pid}`;
const hostIp =
  Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address ?? null;

beforeAll(async () => {
  tcp = net.createServer((socket) => {
    tcpConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '0.0.0.0', resolve));
  tcpPort = (tcp.address() as net.AddressInfo).port;
  udp = dgram.createSocket('udp4', () => (udpMessages += 1));
  await new Promise<void>((resolve) => udp.bind(0, '0.0.0.0', resolve));
  udpPort = udp.address().port;
  abstract = net.createServer((socket) => socket.end('hello'));
  await new Promise<void>((resolve) => abstract.listen(abstractName, resolve));
  process.env['SKT_TEST_SECRET'] = SECRET;
});

afterAll(async () => {
  delete process.env['SKT_TEST_SECRET'];
  await new Promise((resolve) => tcp.close(resolve));
  await new Promise((resolve) => abstract.close(resolve));
  udp.close();
  await kit.close();
  expect(processesInUidRange(UIDS)).toEqual([]);
});

function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('sandbox security: network', () => {
  it('cannot reach PostgreSQL on 127.0.0.1:5432, which the host reaches (own loopback)', async () => {
    const { obs } = await kit.run(
      attackTool(
        `obs["pg"] = attempt(lambda: socket.create_connection(("127.0.0.1", 5432), timeout=2).close())`,
      ),
    );
    expect(obs.pg).toMatchObject({ ok: false, error: 'ConnectionRefusedError', errno: 111 });
  });

  it("cannot reach the server's port, neither on loopback nor on the host's address", async () => {
    expect(await canConnect(tcpPort)).toBe(true); // reachable from the host: the attack is meaningful
    tcpConnections = 0;
    const { obs } = await kit.run(
      attackTool(`
obs["lo"] = attempt(lambda: socket.create_connection(("127.0.0.1", ${tcpPort}), timeout=2).close())
obs["host"] = attempt(lambda: socket.create_connection(("${hostIp ?? '10.255.255.1'}", ${tcpPort}), timeout=2).close())
obs["out"] = attempt(lambda: socket.create_connection(("1.1.1.1", 443), timeout=2).close())`),
    );
    expect(obs.lo).toMatchObject({ ok: false, errno: 111 });
    expect(obs.host).toMatchObject({ ok: false, errno: 101 }); // ENETUNREACH: no route at all
    expect(obs.out).toMatchObject({ ok: false, errno: 101 });
    expect(tcpConnections).toBe(0);
  });

  it('sends no UDP datagram out of the sandbox', async () => {
    const probe = dgram.createSocket('udp4');
    await new Promise((resolve) => probe.send('x', udpPort, '127.0.0.1', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    probe.close();
    expect(udpMessages).toBe(1); // the host socket does receive
    const { obs } = await kit.run(
      attackTool(`
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
obs["lo"] = attempt(lambda: s.sendto(b"x", ("127.0.0.1", ${udpPort})))
obs["host"] = attempt(lambda: s.sendto(b"x", ("${hostIp ?? '10.255.255.1'}", ${udpPort})))
obs["dns"] = attempt(lambda: s.sendto(b"x", ("8.8.8.8", 53)))`),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(obs.lo).toMatchObject({ ok: true }); // its own loopback: nobody listens there
    expect(obs.host).toMatchObject({ ok: false, errno: 101 });
    expect(obs.dns).toMatchObject({ ok: false, errno: 101 });
    expect(udpMessages).toBe(1);
  });

  it('resolves no names (no resolver configuration, no network)', async () => {
    const { obs } = await kit.run(
      attackTool(`
obs["example"] = attempt(lambda: socket.getaddrinfo("example.com", 80))
obs["postgres"] = attempt(lambda: socket.getaddrinfo("postgres", 5432))
obs["resolv"] = attempt(lambda: open("/etc/resolv.conf").read())
obs["hosts"] = attempt(lambda: open("/etc/hosts").read())`),
    );
    expect(obs.example).toMatchObject({ ok: false, error: 'gaierror' });
    expect(obs.postgres).toMatchObject({ ok: false, error: 'gaierror' });
    expect(obs.resolv).toMatchObject({ ok: false, errno: 2 });
    expect(obs.hosts).toMatchObject({ ok: false, errno: 2 });
  });

  it('opens no raw or packet sockets', async () => {
    const { obs } = await kit.run(
      attackTool(`
obs["raw"] = attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
obs["packet"] = attempt(lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))`),
    );
    expect(obs.raw).toMatchObject({ ok: false, errno: 1 });
    expect(obs.packet).toMatchObject({ ok: false, errno: 1 });
  });

  it('sees only the loopback interface (netlink) and no host interface in /proc/net/dev', async () => {
    const { obs } = await kit.run(
      attackTool(`
obs["ifaces"] = attempt(lambda: socket.if_nameindex())
obs["netlink"] = attempt(lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0).close())
obs["dev"] = attempt(lambda: sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]))`),
    );
    expect(Object.keys(os.networkInterfaces()).length).toBeGreaterThan(1);
    expect(obs.ifaces).toEqual({ ok: true, value: [[1, 'lo']] });
    expect(obs.dev).toEqual({ ok: true, value: ['lo'] });
  });

  it("cannot reach the host's abstract or file UNIX sockets (PostgreSQL's, a server's)", async () => {
    const { obs } = await kit.run(
      attackTool(`
def unix(address):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(address)
    return s.recv(10).decode()
obs["abstract"] = attempt(lambda: unix("${abstractName.replace('\0', '\\0')}"))
obs["pg"] = attempt(lambda: unix("/var/run/postgresql/.s.PGSQL.5432"))`),
    );
    expect(obs.abstract).toMatchObject({ ok: false, errno: 111 });
    expect(obs.pg).toMatchObject({ ok: false, errno: 2 });
  });
});

describe('sandbox security: host data', () => {
  it('cannot read /etc/shadow, /etc/passwd, /root or /home', async () => {
    const { obs } = await kit.run(
      attackTool(`
for p in ["/etc/shadow", "/etc/passwd", "/root/.bashrc"]:
    obs[p] = attempt(lambda: open(p).read())
for p in ["/root", "/home", "/var/lib", "/var/log", "/srv", "/opt"]:
    obs[p] = attempt(lambda: os.listdir(p))
obs["etc"] = attempt(lambda: sorted(os.listdir("/etc")))
obs["var"] = attempt(lambda: [sorted(os.listdir("/var")), sorted(os.listdir("/var/cache"))])`),
    );
    for (const p of [
      '/etc/shadow',
      '/etc/passwd',
      '/root/.bashrc',
      '/root',
      '/home',
      '/var/lib',
      '/var/log',
      '/srv',
      '/opt',
    ]) {
      expect(obs[p], p).toMatchObject({ ok: false, errno: 2 });
    }
    const etc = obs.etc?.value as string[];
    expect(
      etc.filter(
        (name) =>
          !/^(alternatives|fonts|ld\.so\.cache|localtime|matplotlibrc|mime\.types|timezone)$/.test(name),
      ),
    ).toEqual([]);
    // Of /var only fontconfig's cache of the system fonts (file names and glyph coverage), read-only.
    expect(obs.var?.value).toEqual([['cache'], ['fontconfig']]);
  });

  it("cannot reach the server's data dir or source", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-data-'));
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), SECRET);
    expect(fs.readFileSync(path.join(dataDir, 'secret.txt'), 'utf8')).toBe(SECRET);
    const config = path.resolve(import.meta.dirname, '..', 'config.ts');
    expect(fs.existsSync(config)).toBe(true);
    const { obs, result } = await kit.run(
      attackTool(`
obs["secret"] = attempt(lambda: open(${JSON.stringify(path.join(dataDir, 'secret.txt'))}).read())
obs["dir"] = attempt(lambda: os.listdir(${JSON.stringify(dataDir)}))
obs["config"] = attempt(lambda: open(${JSON.stringify(config)}).read())
obs["tmp"] = attempt(lambda: os.listdir("/tmp"))`),
    );
    fs.rmSync(dataDir, { recursive: true });
    expect(obs.secret).toMatchObject({ ok: false, errno: 2 });
    expect(obs.dir).toMatchObject({ ok: false, errno: 2 });
    expect(obs.config).toMatchObject({ ok: false, errno: 2 });
    expect(obs.tmp).toEqual({ ok: true, value: ['home'] }); // a private /tmp, not the host's
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it("cannot read another run's directory", async () => {
    const other = await prepareRunDir(kit.parent, { sourceCode: `# ${SECRET}`, memory: {}, files: [] });
    try {
      const { obs } = await kit.run(
        attackTool(`
obs["script"] = attempt(lambda: open(${JSON.stringify(path.join(other.runDir, 'script.py'))}).read())
obs["parent"] = attempt(lambda: os.listdir(${JSON.stringify(kit.parent)}))
obs["procs"] = attempt(lambda: sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))`),
      );
      expect(obs.script).toMatchObject({ ok: false, errno: 2 });
      expect(obs.parent).toMatchObject({ ok: false, errno: 2 });
      expect(obs.procs).toEqual({ ok: true, value: [1] }); // the harness is the pid namespace's init
    } finally {
      await other.cleanup();
    }
  });

  it('sees no host environment: only contract variables, in os.environ and in every /proc/*/environ', async () => {
    expect(process.env['SKT_TEST_SECRET']).toBe(SECRET);
    const { obs, result } = await kit.run(
      attackTool(`
obs["environ"] = {"ok": True, "value": dict(os.environ)}
texts = []
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            texts.append(open("/proc/%s/environ" % p, "rb").read().decode("utf-8", "replace"))
        except OSError:
            pass
obs["proc"] = {"ok": True, "value": texts}`),
    );
    const environ = obs.environ?.value as Record<string, string>;
    const fixed = ['HOME', 'XDG_CACHE_HOME', 'LANG', 'PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE', 'PATH'];
    const runtime = ['MPLCONFIGDIR', 'OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'PWD'];
    expect(Object.keys(environ).sort()).toEqual([...Object.keys(CONTRACT_ENV), ...fixed, ...runtime].sort());
    expect(environ).toMatchObject({
      HOME: '/tmp/home',
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      PWD: '/work',
    });
    expect((obs.proc?.value as string[]).length).toBe(1);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain('SKT_TEST_SECRET');
  });
});

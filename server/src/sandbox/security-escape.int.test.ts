import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attackTool, processesInUidRange, sandboxKit, testUidRange } from './sandbox.test-kit';

/**
 * Security suite, part 2: writing outside the allowed dirs, smuggling links and special files into output/
 * (contract §2, §6 examples 9 and 14), privilege escalation, and processes that try to outlive the run.
 */
const UIDS = testUidRange(301_000);
const kit = sandboxKit(UIDS);
const input = [{ name: 'a.txt', data: Buffer.from('input') }];

afterAll(async () => {
  await kit.close();
  expect(processesInUidRange(UIDS)).toEqual([]);
});

describe('sandbox security: writes', () => {
  it('writes only to output/, /tmp and $HOME; the run dir, /usr, /etc, /, /runner, /dev stay read-only', async () => {
    const denied = [
      '/work/script.py',
      '/work/input/a.txt',
      '/work/input/x',
      '/work/memory.json',
      '/work/new',
    ];
    denied.push('/usr/x', '/etc/x', '/x', '/runner/x', '/runner/harness.py', '/dev/x');
    const { obs, runDir } = await kit.run(
      attackTool(`
for p in ${JSON.stringify(denied)}:
    obs[p] = attempt(lambda: open(p, "a").write("x"))
obs["chmod"] = attempt(lambda: os.chmod("/work/script.py", 0o777))
obs["unlink result"] = attempt(lambda: os.unlink("/work/result.json"))
obs["move output"] = attempt(lambda: os.rename("/work/output", "/work/o"))
obs["mkdir input"] = attempt(lambda: os.mkdir("/work/input/d"))
obs["output"] = attempt(lambda: open("/work/output/ok.txt", "w").write("ok"))
obs["tmp"] = attempt(lambda: open("/tmp/ok.txt", "w").write("ok"))
obs["home"] = attempt(lambda: open(os.environ["HOME"] + "/.cache/ok", "w").write("ok"))`),
      { files: input, isKept: true },
    );
    for (const p of denied) {
      expect(obs[p], p).toMatchObject({ ok: false });
      expect([13, 30], p).toContain(obs[p]!.errno); // EACCES (not its file) or EROFS
    }
    for (const key of ['chmod', 'unlink result', 'move output', 'mkdir input']) {
      expect(obs[key], key).toMatchObject({ ok: false });
    }
    expect([obs.output, obs.tmp, obs.home]).toEqual([
      { ok: true, value: 2 },
      { ok: true, value: 2 },
      { ok: true, value: 2 },
    ]);
    expect(fs.readFileSync(path.join(runDir, 'input', 'a.txt'), 'utf8')).toBe('input');
    expect(fs.readdirSync(runDir).sort()).toEqual([
      'input',
      'memory.json',
      'output',
      'result.json',
      'script.py',
    ]);
    expect(fs.statSync(path.join(runDir, 'script.py')).mode & 0o777).toBe(0o644);
  });
});

describe('sandbox security: links and special files in output/', () => {
  it('a symlink to /etc/passwd makes the listing a violation (example 9)', async () => {
    const { obs, listing } = await kit.run(
      attackTool(`
obs["link"] = attempt(lambda: os.symlink("/etc/passwd", os.path.join(output_dir, "l")))
obs["dir"] = attempt(lambda: os.symlink("/", os.path.join(output_dir, "root")))`),
    );
    expect(obs.link).toMatchObject({ ok: true });
    expect(listing).toEqual({ violation: expect.stringMatching(/not a regular file/) });
  });

  it('hard links to input/, result.json or the runtime are impossible; one inside output/ is a violation', async () => {
    const { obs, listing } = await kit.run(
      attackTool(`
obs["input"] = attempt(lambda: os.link("/work/input/a.txt", os.path.join(output_dir, "h1")))
obs["result"] = attempt(lambda: os.link("/work/result.json", os.path.join(output_dir, "h2")))
obs["usr"] = attempt(lambda: os.link("/usr/bin/python3", os.path.join(output_dir, "h3")))
open(os.path.join(output_dir, "a"), "w").write("a")
obs["inside"] = attempt(lambda: os.link(os.path.join(output_dir, "a"), os.path.join(output_dir, "b")))`),
      { files: input },
    );
    for (const key of ['input', 'result', 'usr'])
      expect(obs[key], key).toMatchObject({ ok: false, errno: 18 }); // EXDEV
    expect(obs.inside).toMatchObject({ ok: true });
    expect(listing).toEqual({ violation: expect.stringMatching(/hard link/) });
  });

  it('a FIFO in output/ is a violation; device nodes cannot be made', async () => {
    const { obs, listing } = await kit.run(
      attackTool(`
import stat
obs["fifo"] = attempt(lambda: os.mkfifo(os.path.join(output_dir, "f")))
obs["device"] = attempt(lambda: os.mknod(os.path.join(output_dir, "d"), stat.S_IFCHR | 0o600, os.makedev(1, 3)))`),
    );
    expect(obs.fifo).toMatchObject({ ok: true });
    expect(obs.device).toMatchObject({ ok: false, errno: 1 });
    expect(listing).toEqual({ violation: 'output/f is not a regular file' });
  });

  it('a UNIX socket in output/ is a violation', async () => {
    const { obs, listing } = await kit.run(
      attackTool(`
os.makedirs(os.path.join(output_dir, "sub"))
obs["bind"] = attempt(lambda: socket.socket(socket.AF_UNIX).bind(os.path.join(output_dir, "sub", "s")))`),
    );
    expect(obs.bind).toMatchObject({ ok: true });
    expect(listing).toEqual({ violation: 'output/sub/s is not a regular file' });
  });
});

describe('sandbox security: privileges', () => {
  it('cannot become root: setuid fails, setuid binaries do not elevate (no_new_privs, nosuid, no caps)', async () => {
    expect(fs.statSync('/usr/bin/su').mode & 0o4000).toBe(0o4000);
    const { obs } = await kit.run(
      attackTool(`
obs["setuid"] = attempt(lambda: os.setuid(0))
obs["setgid"] = attempt(lambda: os.setgid(0))
status = open("/proc/self/status").read().splitlines()
obs["status"] = {"ok": True, "value": [l.rstrip() for l in status if l.startswith(("Groups", "NoNewPrivs", "Cap"))]}
obs["ids"] = {"ok": True, "value": [os.getuid(), os.getgid(), os.getgroups()]}
def setuid_binary(argv):
    p = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=5)
    return [p.returncode, p.stdout.decode(), p.stderr.decode()]
obs["su"] = attempt(lambda: setuid_binary(["/usr/bin/su", "root", "-c", "id -u"]))
obs["passwd"] = attempt(lambda: setuid_binary(["/usr/bin/passwd", "-S", "root"]))
obs["uid"] = {"ok": True, "value": [os.getuid(), os.geteuid()]}`),
    );
    // uid 0 is not even mapped in the sandbox's user namespace: EINVAL
    expect(obs.setuid).toMatchObject({ ok: false, errno: 22 });
    expect(obs.setgid).toMatchObject({ ok: false, errno: 22 });
    // No supplementary groups (root's would give a run access to what they may read) and no capabilities at all.
    expect(obs.status?.value).toEqual([
      'Groups:',
      'CapInh:\t0000000000000000',
      'CapPrm:\t0000000000000000',
      'CapEff:\t0000000000000000',
      'CapBnd:\t0000000000000000',
      'CapAmb:\t0000000000000000',
      'NoNewPrivs:\t1',
    ]);
    const [ownUid, ownGid, groups] = obs.ids!.value as [number, number, number[]];
    expect(ownGid).toBe(ownUid);
    expect(groups).toEqual([]);
    for (const key of ['su', 'passwd']) {
      const [code, stdout] = obs[key]!.value as [number, string];
      expect(code, key).not.toBe(0);
      expect(stdout, key).not.toMatch(/^0$/m);
    }
    const [uid, euid] = obs.uid!.value as [number, number];
    expect(uid).toBeGreaterThanOrEqual(UIDS[0]);
    expect(uid).toBeLessThan(UIDS[1]);
    expect(euid).toBe(uid);
  });

  it('cannot ptrace pid 1 or its own child, and the run does not hang', async () => {
    const { obs, result } = await kit.run(
      attackTool(`
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
def ptrace_attach(pid):
    r = libc.ptrace(16, pid, 0, 0)
    return {"ok": r == 0, "errno": ctypes.get_errno()}
obs["pid1"] = ptrace_attach(1)
child = subprocess.Popen(["sleep", "5"])
obs["child"] = ptrace_attach(child.pid)
child.kill()
child.wait()`),
    );
    expect(obs.pid1).toEqual({ ok: false, errno: 1 });
    expect(obs.child).toEqual({ ok: false, errno: 1 });
    expect(result.outcome).toBe('exited');
  });

  it('cannot unshare, mount, chroot, or use keyrings, io_uring, bpf', async () => {
    const { obs } = await kit.run(
      attackTool(`
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
def call(fn, *args):
    r = fn(*args)
    return {"ok": r >= 0, "errno": ctypes.get_errno()}
obs["unshare user"] = call(libc.unshare, 0x10000000)
obs["unshare mount"] = call(libc.unshare, 0x00020000)
obs["mount"] = call(libc.mount, b"none", b"/tmp", b"tmpfs", 0, None)
obs["chroot"] = call(libc.chroot, b"/tmp")
obs["keyctl"] = call(libc.syscall, 250, 0, -3, 0)
obs["io_uring"] = call(libc.syscall, 425, 1, ctypes.create_string_buffer(120))
obs["bpf"] = call(libc.syscall, 321, 0, 0, 0)
obs["unshare -r"] = attempt(lambda: subprocess.run(["unshare", "-r", "id"], capture_output=True).returncode)
obs["mount cmd"] = attempt(lambda: subprocess.run(["mount", "-t", "tmpfs", "none", "/tmp"], capture_output=True).returncode)`),
    );
    for (const key of ['unshare user', 'unshare mount', 'mount', 'chroot', 'keyctl', 'io_uring', 'bpf']) {
      expect(obs[key], key).toEqual({ ok: false, errno: 1 });
    }
    for (const key of ['unshare -r', 'mount cmd']) {
      expect(obs[key], key).toMatchObject({ ok: true });
      expect(obs[key]!.value, key).not.toBe(0); // the command's exit code
    }
  });

  it('sees a minimal /dev (read-only, small /dev/shm) and no /sys', async () => {
    const { obs } = await kit.run(
      attackTool(`
obs["sys"] = attempt(lambda: os.listdir("/sys"))
obs["dev"] = attempt(lambda: sorted(os.listdir("/dev")))
for p in ["/dev/kmsg", "/dev/mem", "/dev/sda", "/dev/vda"]:
    obs[p] = attempt(lambda: open(p, "rb").read(1))
obs["shm"] = attempt(lambda: os.statvfs("/dev/shm").f_blocks * os.statvfs("/dev/shm").f_frsize)
obs["shm write"] = attempt(lambda: open("/dev/shm/x", "w").write("x"))
obs["mounts"] = attempt(lambda: sorted(set(l.split()[2] for l in open("/proc/mounts"))))`),
    );
    expect(obs.sys).toMatchObject({ ok: false, errno: 2 });
    const dev = ['core', 'fd', 'full', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout'];
    expect(obs.dev).toEqual({ ok: true, value: [...dev, 'tty', 'urandom', 'zero'] });
    for (const p of ['/dev/kmsg', '/dev/mem', '/dev/sda', '/dev/vda'])
      expect(obs[p], p).toMatchObject({ ok: false, errno: 2 });
    expect(obs.shm!.value).toBeLessThanOrEqual(32 << 20);
    expect(obs['shm write']).toMatchObject({ ok: true });
    expect(obs.mounts!.value).not.toContain('sysfs');
    expect(obs.mounts!.value).not.toContain('cgroup2');
  });
});

describe('sandbox security: inherited descriptors', () => {
  it('a descriptor the server inherited without close-on-exec (here: the host root) does not reach the tool', async () => {
    const script = path.join(kit.parent, 'leak.mts');
    const kitModule = JSON.stringify(path.join(import.meta.dirname, 'sandbox.test-kit.ts'));
    fs.writeFileSync(
      script,
      `import { attackTool, sandboxKit } from ${kitModule};
const kit = sandboxKit([${UIDS[0]}, ${UIDS[1]}]);
const { obs } = await kit.run(attackTool(\`
obs["listdir"] = attempt(lambda: sorted(os.listdir(40))[:3])
obs["shadow"] = attempt(lambda: len(os.read(os.open("etc/shadow", os.O_RDONLY, dir_fd=40), 10)))
obs["target"] = attempt(lambda: os.readlink("/proc/self/fd/40"))\`));
kit.close();
process.stdout.write(JSON.stringify(obs));`,
    );
    // fd 40 is the host's / and not close-on-exec, as a supervisor could leave it to the server.
    // (Node itself sets close-on-exec on a few low inherited descriptors at startup, not on all.)
    const child = spawnSync(
      '/bin/bash',
      ['-c', 'exec 40</ && exec "$0" --import tsx "$1"', process.execPath, script],
      {
        cwd: path.resolve(import.meta.dirname, '..', '..', '..'),
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const obs = JSON.parse(child.stdout);
    expect(obs.target).toEqual({ ok: true, value: '/dev/null' });
    expect(obs.listdir).toMatchObject({ ok: false, errno: 20 }); // ENOTDIR
    expect(obs.shadow).toMatchObject({ ok: false, errno: 20 });
  });
});

describe('sandbox security: leftover processes', () => {
  it('a double-forked, setsid daemon is gone as soon as the run returns', async () => {
    const { obs, result } = await kit.run(
      attackTool(`
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(w, str(os.getpid()).encode())
        for fd in (0, 1, 2):
            os.close(fd)
        time.sleep(999)
    os._exit(0)
os.waitpid(pid, 0)
obs["daemon"] = {"ok": True, "value": int(os.read(r, 20))}
obs["uid"] = {"ok": True, "value": os.getuid()}`),
    );
    expect(result.outcome).toBe('exited');
    expect(obs.daemon?.value).toBeGreaterThan(1);
    const uid = obs.uid!.value as number;
    expect(processesInUidRange([uid, uid + 1])).toEqual([]);
  });
});

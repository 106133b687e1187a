/**
 * The command lines that put an exec task into its cgroups, namespaces and chroot. Kept as
 * small POSIX sh scripts with every value passed as a positional argument (never spliced into
 * the script text), so no task config value can inject shell syntax.
 */

/**
 * joinCgroupsThenExec: `sh -c JOIN drover-cgroups N procs... command...` writes the shell's own
 * PID into each cgroup.procs, then exec's the command, which therefore starts inside the limits.
 */
export const JOIN_CGROUPS_SCRIPT = [
  'n=$1; shift; i=0',
  'while [ "$i" -lt "$n" ]; do echo $$ > "$1" || exit 125; shift; i=$((i+1)); done',
  'exec "$@"',
].join('\n');

/**
 * The task's init (PID 1 of its PID namespace, in a private mount namespace): bind the
 * chroot_env directories read-only into the root, mount a fresh /proc (showing only the
 * task's PID namespace) and a minimal /dev, then chroot and drop to the task user.
 * Args: root userspec N dirs... command args...
 */
export const ROOTFS_SCRIPT = [
  'set -e',
  'root=$1; userspec=$2; n=$3; shift 3; i=0',
  'while [ "$i" -lt "$n" ]; do',
  '  d=$1; shift; i=$((i+1))',
  '  [ -e "$d" ] || continue',
  '  mkdir -p "$root$d"',
  '  mount --bind "$d" "$root$d"',
  '  mount -o remount,bind,ro,nosuid "$root$d"',
  'done',
  'mkdir -p "$root/proc" "$root/dev" "$root/tmp"',
  'mount -t proc -o nosuid,nodev,noexec proc "$root/proc"',
  'mount -t tmpfs -o nosuid,noexec,mode=755 tmpfs "$root/dev"',
  'for f in null zero full random urandom tty; do touch "$root/dev/$f"; mount --bind "/dev/$f" "$root/dev/$f"; done',
  'exec chroot --userspec="$userspec" "$root" "$@"',
].join('\n');

/** ExecLaunch describes one isolated task launch. */
export interface ExecLaunch {
  procsFiles: string[];
  root: string;
  uid: number;
  gid: number;
  chrootDirs: string[];
  command: string;
  args: string[];
}

/** isolatedCommandLine returns [command, args] for the supervisor to run. */
export function isolatedCommandLine(l: ExecLaunch): [string, string[]] {
  const unshare = ['unshare', '--pid', '--fork', '--kill-child', '--mount', '--ipc', '--uts', '--propagation', 'private'];
  const init = ['/bin/sh', '-c', ROOTFS_SCRIPT, 'drover-exec-init', l.root, `${l.uid}:${l.gid}`, String(l.chrootDirs.length), ...l.chrootDirs, l.command, ...l.args];
  return ['/bin/sh', ['-c', JOIN_CGROUPS_SCRIPT, 'drover-cgroups', String(l.procsFiles.length), ...l.procsFiles, ...unshare, ...init]];
}

/** execInTaskCommandLine enters a running task's namespaces and root as the task user. */
export function execInTaskCommandLine(procs: string[], initPid: number, uid: number, gid: number, command: string[]): [string, string[]] {
  const nsenter = ['nsenter', `--target=${initPid}`, '--pid', '--mount', '--ipc', '--uts', '--root', '--wd'];
  const drop = uid === 0 ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'];
  return ['/bin/sh', ['-c', JOIN_CGROUPS_SCRIPT, 'drover-cgroups', String(procs.length), ...procs, ...nsenter, '--', ...drop, ...command]];
}

/**
 * /proc readers shared by the process-based drivers: process identity (pid + start time, so a
 * recycled PID is never mistaken for our task) and resource usage of a process group.
 */
import { readFile, readdir } from 'node:fs/promises';

/** ProcessIdentity names one process instance: a PID alone can be reused by the kernel. */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
  startTime: number;
}

/** ProcStat is the part of /proc/<pid>/stat drivers use. */
export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  utimeTicks: number;
  stimeTicks: number;
  startTime: number;
  rssPages: number;
}

/** parseProcStat parses one /proc/<pid>/stat line (the command name may contain spaces and parens). */
export function parseProcStat(line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(line.slice(0, line.indexOf(' ')));
  // Fields after the command name start at field 3 (state).
  const rest = line.slice(close + 2).trim().split(/\s+/);
  const field = (n: number): string => rest[n - 3] ?? '0';
  return {
    pid,
    state: field(3),
    ppid: Number(field(4)),
    pgrp: Number(field(5)),
    utimeTicks: Number(field(14)),
    stimeTicks: Number(field(15)),
    startTime: Number(field(22)),
    rssPages: Number(field(24)),
  };
}

/** readProcStat reads /proc/<pid>/stat; undefined when the process does not exist. */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** processIdentity returns the identity of a live process, undefined when it does not exist. */
export async function processIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  const stat = await readProcStat(pid);
  return stat === undefined ? undefined : { pid, startTime: stat.startTime };
}

/**
 * isSameProcessAlive is true only when `identity.pid` exists, is not a zombie, and started at
 * the recorded time. Anything else means the task is gone (and the PID must not be signalled).
 */
export async function isSameProcessAlive(identity: ProcessIdentity): Promise<boolean> {
  const stat = await readProcStat(identity.pid);
  return stat !== undefined && stat.startTime === identity.startTime && stat.state !== 'Z' && stat.state !== 'X';
}

/** childrenOf lists direct child PIDs of `pid` (from /proc/<pid>/task/<tid>/children). */
export async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  try {
    for (const tid of await readdir(`/proc/${pid}/task`)) {
      const text = await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '');
      for (const part of text.split(/\s+/)) if (part !== '') out.push(Number(part));
    }
  } catch {
    // Process gone: no children.
  }
  return out;
}

/** GroupUsage sums the CPU ticks and RSS of every process in one process group. */
export interface GroupUsage {
  userTicks: number;
  systemTicks: number;
  rssBytes: number;
  pids: number[];
}

const pageSize = 4096;

/** processGroupUsage scans /proc for the members of process group `pgid` and sums their usage. */
export async function processGroupUsage(pgid: number): Promise<GroupUsage> {
  const usage: GroupUsage = { userTicks: 0, systemTicks: 0, rssBytes: 0, pids: [] };
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readProcStat(Number(entry));
    if (stat === undefined || stat.pgrp !== pgid || stat.state === 'Z') continue;
    usage.userTicks += stat.utimeTicks;
    usage.systemTicks += stat.stimeTicks;
    usage.rssBytes += stat.rssPages * pageSize;
    usage.pids.push(stat.pid);
  }
  return usage;
}

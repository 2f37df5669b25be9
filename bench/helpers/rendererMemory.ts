// Resident memory of the Chromium renderer processes this Node process started (Linux /proc), for the UI benchmark.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface RendererProcessMemory {
  pid: number;
  /** utime + stime: the page's renderer is the one that works while the page does. */
  cpuSec: number;
  /** VmRSS: includes the shared library pages every Chromium process maps. */
  rssMb: number;
  /** RssAnon: the process's own heap, canvas and V8 pages, without shared files. */
  anonMb: number;
}

/** USER_HZ: 100 on every Linux architecture Chromium runs on. */
const CLOCK_TICKS_PER_SEC = 100;
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

function statusKb(status: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
}

/** Renderer processes (`--type=renderer`) among the descendants of this process; undefined where /proc is absent. */
export function rendererMemory(): RendererProcessMemory[] | undefined {
  if (!existsSync('/proc/self/status')) return undefined;
  const children = new Map<number, number[]>();
  const cpuSec = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, … utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      cpuSec.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC);
    } catch {
      // the process ended while listing
    }
  }
  const out: RendererProcessMemory[] = [];
  const queue = [...(children.get(process.pid) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    queue.push(...(children.get(pid) ?? []));
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      out.push({ pid, cpuSec: Math.round((cpuSec.get(pid) ?? 0) * 100) / 100, rssMb: mb(statusKb(status, 'VmRSS')), anonMb: mb(statusKb(status, 'RssAnon')) });
    } catch {
      // the process ended while reading
    }
  }
  return out;
}

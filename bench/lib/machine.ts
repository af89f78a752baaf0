/** What the figures were measured on. */
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  /** When the run started (ISO). */
  date: string;
  /** 1-minute load average when the run started and ended: other work inflates wall times. */
  load: { start: number; end: number };
}

const startLoad = os.loadavg()[0];
const startedAt = new Date().toISOString();

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: startedAt,
    load: { start: startLoad, end: os.loadavg()[0] },
  };
}

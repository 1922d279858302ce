import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly chromium: string;
  readonly node: string;
  /** 1-minute load averages when the run started and ended: other work on the machine skews timings. */
  readonly loadAtStart: number;
  readonly loadAtEnd: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export const loadNow = (): number => loadavg()[0] ?? 0;

export function describeMachine(chromiumVersion: string, loadAtStart: number): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpuModel(),
    chromium: chromiumVersion,
    node: process.version,
    loadAtStart,
    loadAtEnd: loadNow(),
  };
}

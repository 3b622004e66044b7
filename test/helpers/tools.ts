import { execFileSync } from 'node:child_process';

/** Whether a command is on PATH (tests of optional tools skip, saying so, without it). */
export function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

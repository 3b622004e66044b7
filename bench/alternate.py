#!/usr/bin/env python3
"""Alternating whole-process builds of one document by two (or more) paiban commands.

    python3 bench/alternate.py ROUNDS DOC "node /path/a/bin/paiban.js" "node bin/paiban.js"

Each round runs every command once, in turn (`build DOC --out /tmp/alternate-out-K
--force`), so all of them see the same machine state; a token KEY=VALUE before the
command sets an environment variable for it. Prints, per command, the median and
mean wall time and CPU seconds of the process and the children it waited for
(Chromium's own processes are counted as far as they were reaped). On a busy or
noisy machine compare medians over many rounds; timings only, never pass/fail.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def split(command):
    env, argv = {}, []
    for token in command.split():
        key, sep, value = token.partition('=')
        if sep and not token.startswith('-') and '/' not in key and not argv:
            env[key] = value
        else:
            argv.append(token)
    return env, argv


def main():
    rounds, doc, commands = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    results = {k: [] for k in range(len(commands))}
    for _ in range(rounds):
        for k, command in enumerate(commands):
            env, argv = split(command)
            out = f'/tmp/alternate-out-{k}'
            shutil.rmtree(out, ignore_errors=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.time()
            run = subprocess.run(argv + ['build', doc, '--out', out, '--force'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env})
            wall = time.time() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if run.returncode:
                print(f'failed ({run.returncode}): {command}', file=sys.stderr)
            results[k].append((wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    for k, command in enumerate(commands):
        walls = [w for w, _ in results[k]]
        cpus = [c for _, c in results[k]]
        print(f'{command[:70]:70}  wall median {statistics.median(walls):.2f} s, mean {statistics.mean(walls):.2f} s | CPU median {statistics.median(cpus):.2f} s, mean {statistics.mean(cpus):.2f} s')


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""CPU seconds of a command and every process it starts, by kind.

Kinds are the executable's name (node, java, qpdf, ...) and, for Chromium,
its process type (chromium:browser, chromium:renderer, ...). Processes are
sampled from /proc every 50 ms (Linux only): one that starts and ends
between two samples is missed, and a process's last 50 ms may be. For
comparing the CPU cost of tests and builds on a busy machine, where wall
time says little:

    python3 bench/cpu-by-process.py node --import tsx --test test/e2e/press.test.ts

Prints one line to stderr at the end: {kind: seconds, ...} total N.
"""
import collections
import os
import re
import subprocess
import sys
import time

TICKS = os.sysconf('SC_CLK_TCK')


def stat(pid):
    """(parent pid, CPU ticks used, start time) of a process."""
    with open(f'/proc/{pid}/stat') as f:
        text = f.read()
    fields = text[text.rindex(')') + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19])


def kind(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            command = f.read().replace(b'\0', b' ').decode('utf8', 'replace')
    except OSError:
        return ''
    if 'chromium' in command:
        # Renderers are forked from the zygote and renamed afterwards: asked again below.
        match = re.search(r'--type=([\w-]+)', command)
        return 'chromium:' + (match.group(1) if match else 'browser')
    return os.path.basename(command.split(' ')[0])


def main():
    child = subprocess.Popen(sys.argv[1:])
    ours = {child.pid}
    kinds, used = {}, {}
    while True:
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            pid = int(entry)
            try:
                parent, ticks, started = stat(pid)
            except OSError:
                continue
            key = (pid, started)
            if key not in kinds:
                if pid not in ours and parent not in ours:
                    continue
                ours.add(pid)
                kinds[key] = kind(pid)
            else:
                # Asked again each time: a renderer is forked from the zygote and
                # renamed afterwards, and a child spawned by node shows node's
                # command line until it has exec'd (Chromium was counted as node).
                kinds[key] = kind(pid) or kinds[key]
            used[key] = ticks
        if child.poll() is not None:
            break
        time.sleep(0.05)
    totals = collections.Counter()
    for key, ticks in used.items():
        totals[kinds[key]] += ticks / TICKS
    print({name: round(seconds, 2) for name, seconds in totals.most_common()}, 'total', round(sum(totals.values()), 2), file=sys.stderr)
    sys.exit(child.returncode)


main()

"""One row of bench/spark-cluster.sh's table from what a run left behind.

Arguments: NAME LOG EVENTLOG_DIR EXECUTOR_SAMPLES T0 T1 USER_S SYS_S RSS_KIB STATUS LOAD FILES
  LOG               the run's stdout/stderr (the job's 'loomget-spark: executor ...' lines)
  EVENTLOG_DIR      Spark's event log directory of the run (absent for the CLI)
  EXECUTOR_SAMPLES  lines 'EXECUTOR_ID VMHWM_KIB CPU_TICKS' sampled during the run (empty: none)
Prints one tab-separated line: name, wall, files/s, stage s, files/s in stage, per executor,
skew, CPU s, RSS MiB, status, load.
"""
import json
import os
import re
import sys

name, log, events, samples, t0, t1, user, sys_s, rss, status, load, files = sys.argv[1:13]
wall = float(t1) - float(t0)
files = int(files)

# The download stage: the last stage to complete (the fetching tasks, whose rows the manifest write
# takes; the stages before it read the list, count and plan).
stage_s = None
if os.path.isdir(events):
    last = 0
    for f in os.listdir(events):
        for line in open(os.path.join(events, f)):
            e = json.loads(line)
            if e.get("Event") == "SparkListenerStageCompleted":
                s = e["Stage Info"]
                if s.get("Completion Time", 0) > last:
                    last = s["Completion Time"]
                    stage_s = (s["Completion Time"] - s["Submission Time"]) / 1000

busy = {}
for line in open(log, errors="replace"):
    m = re.match(r"loomget-spark: executor (\S+): (\d+) tasks?, (\d+) URLs?, busy ([0-9.]+) s", line)
    if m:
        busy[m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)))
spread = "; ".join(f"{e}: {t}, {u}, {b:.1f}" for e, (t, u, b) in sorted(busy.items())) or "-"
skew = "-"
if len(busy) >= 2:
    times = [b for (_, _, b) in busy.values()]
    skew = f"{100 * (1 - min(times) / max(times)):.0f} %"
elif len(busy) == 1 and name.startswith("cluster"):
    skew = "one executor only"

cpu = float(user) + float(sys_s)
ex_rss = {}
if samples and os.path.exists(samples):
    ticks = {}
    for line in open(samples):
        parts = line.split()
        if len(parts) == 3:
            ex_rss[parts[0]] = max(ex_rss.get(parts[0], 0), int(parts[1]))
            ticks[parts[0]] = max(ticks.get(parts[0], 0), int(parts[2]))
    cpu += sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
rss_text = f"{int(rss) / 1024:.0f}"
if ex_rss:
    rss_text += " / " + ", ".join(f"{v / 1024:.0f}" for _, v in sorted(ex_rss.items()))

row = [name, f"{wall:.1f}", f"{files / wall:.0f}",
       f"{stage_s:.1f}" if stage_s else "-", f"{files / stage_s:.0f}" if stage_s else "-",
       spread, skew, f"{cpu:.1f}", rss_text, status, load]
print("\t".join(row))

#!/usr/bin/env python3
import json, statistics, collections, sys
# usage: report.py [results.jsonl]: medians [min–max] per crowd, mode and server
rows = [json.loads(l) for l in open(sys.argv[1] if len(sys.argv) > 1 else 'results.jsonl') if l.strip()]
g = collections.defaultdict(list)
for r in rows:
    g[(r['crowd'], r['gen']['mode'], r['jar'])].append(r)
def fmt(vals, nd=1):
    vals = [v for v in vals if v is not None]
    if not vals: return '-'
    m = statistics.median(vals)
    f = (lambda x: f'{x:.{nd}f}') if nd else (lambda x: f'{x:.0f}')
    return f'{f(m)} [{f(min(vals))}–{f(max(vals))}]' if len(vals) > 1 else f(m)
order_m = ['burstmed', 'med', 'long', 'short']; order_j = list(dict.fromkeys(r['jar'] for r in rows))
out = ['| N | mode | jar | runs | canary p50 ms | canary p99 ms | canary max ms | lost | server peak RSS MB (VmHWM) | server CPU % | attacker lines/s accepted | crowd MB/s recv | kicks / crowd closed | crowd CPU % (CPU0) | gen CPU % |',
       '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|']
for n in (5000, 1000):
    for m in order_m:
        for j in order_j:
            rs = g.get((n, m, j))
            if not rs: continue
            G = [r['gen'] for r in rs]
            out.append('| %d | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                n, m, j, len(rs), fmt([x['canary_p50'] for x in G]), fmt([x['canary_p99'] for x in G]),
                fmt([x['canary_max'] for x in G]), fmt([x['canary_lost'] for x in G], 0),
                fmt([x['server_hwm_mb'] for x in G], 0), fmt([x['server_cpu_pct'] for x in G], 0),
                fmt([x['atk_lines_per_s'] for x in G]), fmt([x['crowd_mb_per_s'] for x in G], 0),
                '%d / %d' % (sum(r['kicks_in_log'] for r in rs), sum(x['crowd_closed'] for x in G)),
                fmt([x['crowd_cpu_pct'] for x in G], 0), fmt([x['gen_cpu_pct'] for x in G], 0)))
print('\n'.join(out))
bad = [r['id'] for r in rows if r['gen']['errors'] or r['gen']['atk_errlines'] or r['gen']['atk_closed'] or r['gen']['canary_closed'] or r['gen']['witness_closed']]
print('\nRuns with attacker/canary errors or closes:', bad or 'none')

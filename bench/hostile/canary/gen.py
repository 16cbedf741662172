#!/usr/bin/env python3
"""Attacker (10 conns from 127.0.0.5), canary pair (127.0.0.2, room canary), witness (127.0.0.3, lobby).
usage: gen.py PORT MODE SERVER_PID CROWD_PID CROWD_LOG [settle measure]
Prints one JSON line with the results."""
import asyncio, json, os, re, sys, time

PORT = int(sys.argv[1]); MODE = sys.argv[2]
SPID = int(sys.argv[3]); CPID = int(sys.argv[4]); CLOG = sys.argv[5]
SETTLE = float(sys.argv[6]) if len(sys.argv) > 6 else 10.0
MEASURE = float(sys.argv[7]) if len(sys.argv) > 7 else 30.0
LEN = {'short': 60, 'med': 500, 'burstmed': 1000, 'long': 4090}[MODE]
TICK = os.sysconf('SC_CLK_TCK')

def cpu_ticks(pid):
    with open(f'/proc/{pid}/stat') as f:
        parts = f.read().rsplit(')', 1)[1].split()
    return int(parts[11]) + int(parts[12])  # utime + stime

def status(pid, key):
    with open(f'/proc/{pid}/status') as f:
        for l in f:
            if l.startswith(key + ':'):
                return int(l.split()[1])  # kB
    return 0

def crowd_stat():
    last = None
    try:
        with open(CLOG) as f:
            for l in f:
                if l.startswith('STAT') or l.startswith('FINAL'):
                    last = l
    except FileNotFoundError:
        pass
    if not last:
        return {}
    return {k: float(v) for k, v in re.findall(r'(\w+)=([\d.]+)', last)}

async def connect(src, name, room=None):
    r, w = await asyncio.open_connection('127.0.0.1', PORT, local_addr=(src, 0), limit=1 << 20)
    w.write((name + '\r\n').encode())
    await w.drain()
    while True:
        line = await r.readline()
        if not line:
            raise RuntimeError(f'{name}: closed during login')
        if line.startswith(b'*** Hello '):
            break
        if line.startswith(b'!!!'):
            raise RuntimeError(f'{name}: {line!r}')
    if room:
        w.write(f'/join {room}\r\n'.encode())
        await w.drain()
        while True:
            line = await r.readline()
            if not line:
                raise RuntimeError(f'{name}: closed during join')
            if line.startswith(f'*** You are in {room}'.encode()):
                break
    return r, w

async def main():
    stats = dict(errors=[], atk_errlines=0, atk_closed=0, canary_closed=0, witness_closed=0)
    # canary pair
    cr, cw = await connect('127.0.0.2', 'canR', 'canary')
    sr, sw = await connect('127.0.0.2', 'canS', 'canary')
    wr, ww = await connect('127.0.0.3', 'witness')
    atk = []
    for i in range(10):
        atk.append(await connect('127.0.0.5', f'atk{i}'))
    t0 = time.monotonic()
    w_start, w_end = t0 + SETTLE, t0 + SETTLE + MEASURE
    sent = {}   # seq -> send time
    recv = {}   # seq -> latency
    witness_times = []
    atk_sent_bytes = [0] * 10

    async def drain_reader(r, key):
        while True:
            data = await r.read(1 << 18)
            if not data:
                stats[key] += 1
                return
            if b'!!!' in data:
                stats['atk_errlines'] += data.count(b'\n!!!') + (1 if data.startswith(b'!!!') else 0)
                if 'atk_err_sample' not in stats:
                    i = data.find(b'!!!'); stats['atk_err_sample'] = data[i:i + 120].decode('utf8', 'replace')

    async def atk_writer(i, w):
        body = (f'atk{i} ' + 'lorem ipsum dolor sit amet ' * 200)[:LEN - 6]
        # pad to exactly LEN bytes incl. a per-line counter at the start
        n = 0
        try:
            while time.monotonic() < w_end + 1:
                line = f'{n:05d} ' + body
                w.write((line[:LEN] + '\r\n').encode())
                atk_sent_bytes[i] += LEN + 2
                n += 1
                await w.drain()
        except (ConnectionError, OSError) as e:
            stats['errors'].append(f'atk{i}: {e!r}')

    async def canary_sender():
        seq = 0
        nxt = time.monotonic()
        while True:
            nxt += 0.1
            await asyncio.sleep(max(0, nxt - time.monotonic()))
            t = time.monotonic()
            if t >= w_end:
                return
            sent[seq] = t
            sw.write(f'c {seq}\r\n'.encode())
            seq += 1
            await sw.drain()

    async def canary_receiver():
        pat = re.compile(rb'<canS> c (\d+)')
        while True:
            line = await cr.readline()
            if not line:
                stats['canary_closed'] += 1
                return
            t = time.monotonic()
            m = pat.search(line)
            if m:
                s = int(m.group(1))
                if s in sent:
                    recv[s] = t - sent[s]

    async def witness():
        while True:
            line = await wr.readline()
            if not line:
                stats['witness_closed'] += 1
                return
            if b'> ' in line and b'<atk' in line:
                witness_times.append(time.monotonic())

    tasks = [asyncio.create_task(canary_receiver()), asyncio.create_task(witness()),
             asyncio.create_task(drain_reader(sr, 'canary_closed'))]
    for i, (r, w) in enumerate(atk):
        tasks.append(asyncio.create_task(drain_reader(r, 'atk_closed')))
        tasks.append(asyncio.create_task(atk_writer(i, w)))
    sender = asyncio.create_task(canary_sender())

    # sampling
    await asyncio.sleep(max(0, w_start - time.monotonic()))
    s0 = cpu_ticks(SPID); c0 = cpu_ticks(CPID); g0 = os.times(); cs0 = crowd_stat(); tw0 = time.monotonic()
    ab0 = sum(atk_sent_bytes)
    rss_max = 0
    while time.monotonic() < w_end:
        rss_max = max(rss_max, status(SPID, 'VmRSS'))
        await asyncio.sleep(0.5)
    s1 = cpu_ticks(SPID); c1 = cpu_ticks(CPID); g1 = os.times(); cs1 = crowd_stat(); tw1 = time.monotonic()
    ab1 = sum(atk_sent_bytes)
    hwm = status(SPID, 'VmHWM')
    await sender
    await asyncio.sleep(5)  # grace for late canary lines
    dt = tw1 - tw0
    in_win = [s for s, t in sent.items() if w_start <= t < w_end]
    lats = sorted(recv[s] * 1000 for s in in_win if s in recv)
    lost = sum(1 for s in in_win if s not in recv)
    def pct(p):
        if not lats: return None
        return round(lats[min(len(lats) - 1, int(p * len(lats)))], 1)
    wl = sum(1 for t in witness_times if w_start <= t < w_end)
    out = dict(mode=MODE, line_bytes=LEN, canary_sent=len(in_win), canary_p50=pct(0.5), canary_p99=pct(0.99),
               canary_max=round(lats[-1], 1) if lats else None, canary_lost=lost,
               server_cpu_pct=round(100 * (s1 - s0) / TICK / dt, 1),
               server_rss_max_mb=round(rss_max / 1024, 1), server_hwm_mb=round(hwm / 1024, 1),
               atk_lines_per_s=round(wl / dt, 1),
               atk_offered_lines_per_s=round((ab1 - ab0) / (LEN + 2) / dt, 1),
               crowd_cpu_pct=round(100 * (c1 - c0) / TICK / dt, 1),
               gen_cpu_pct=round(100 * ((g1.user - g0.user) + (g1.system - g0.system)) / dt, 1),
               crowd_mb_per_s=round((cs1.get('bytes', 0) - cs0.get('bytes', 0)) / dt / 1e6, 1),
               crowd_lines_per_s=round((cs1.get('lines', 0) - cs0.get('lines', 0)) / dt),
               crowd_joined=int(cs1.get('joined', -1)), crowd_closed=int(cs1.get('closed', -1)),
               **stats)
    print(json.dumps(out), flush=True)
    os._exit(0)

asyncio.run(main())

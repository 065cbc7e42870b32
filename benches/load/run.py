#!/usr/bin/env python3
"""Load test of aiguillage against nginx serving the same bytes as static files.

Run by `benches/load/run.sh` (which installs wrk and nginx and builds the release
binary). For each page — the home page, a question page, a referral page with
places — it fetches the page from aiguillage, writes the very same bytes to a
directory served by nginx on the same machine, then measures both with wrk at the
same concurrency and prints requests per second, latency percentiles and the ratio
aiguillage / nginx. It also measures the cold start to the first response, the
binary size and the memory held by 1,000 idle connections.

Nothing here asserts a target: it prints figures to compare with them (issue
"Proof under load": ratio >= 0.8 on question pages, >= 0.5 on referral pages with
places, p99 <= 20 ms at 256 connections; cold start <= 300 ms; binary <= 20 MB).
"""

import argparse
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, "target", "release", "aiguillage")
APP_ADDRESS = ("127.0.0.1", 18080)
NGINX_ADDRESS = ("127.0.0.1", 18081)

# name, path: the pages a resident meets most.
PAGES = [
    ("home", "/"),
    ("question", "/question?theme=caf&need=dossier"),
    ("referral with places", "/orientation?theme=caf&need=dossier&near=16000"),
]

NGINX_CONF = """
worker_processes auto;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    default_type "text/html; charset=utf-8";
    server {{
        listen {host}:{port};
        root {dir}/www;
        location / {{ try_files $uri =404; }}
    }}
}}
"""


def wait_for(address, timeout=10.0):
    """Waits until something accepts connections on `address`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(address, timeout=0.2):
                return
        except OSError:
            time.sleep(0.001)
    sys.exit(f"nothing answers on {address[0]}:{address[1]}")


def fetch(address, path):
    url = f"http://{address[0]}:{address[1]}{path}"
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def start_app(data_dir):
    return subprocess.Popen(
        [BINARY, "--listen", f"{APP_ADDRESS[0]}:{APP_ADDRESS[1]}", "--data-dir", data_dir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "warn"},
    )


def cold_start(data_dir):
    """Milliseconds from launching the binary to the first page received."""
    started = time.monotonic()
    app = start_app(data_dir)
    RUNNING.append(app)
    wait_for(APP_ADDRESS)
    status, _ = fetch(APP_ADDRESS, "/")
    elapsed = (time.monotonic() - started) * 1000
    stop(app)
    RUNNING.remove(app)
    assert status == 200
    return elapsed


def stop(process):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(address, path, connections, duration, threads, script=None):
    url = f"http://{address[0]}:{address[1]}{path}"
    output = subprocess.run(
        ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
        + (["-s", script] if script else [])
        + [url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {
        p: to_ms(value, unit)
        for p, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if errors or socket_errors:
        print(f"    wrk reports problems on {url}: {errors and errors.group(0)} {socket_errors and socket_errors.group(0)}")
    return rps, percentiles


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def idle_connections(app, count):
    """RSS before and after `count` connections that send half a request and wait,
    and whether the server still answers meanwhile."""
    before = rss_kib(app.pid)
    sockets = []
    for _ in range(count):
        s = socket.create_connection(APP_ADDRESS)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finished
        sockets.append(s)
    time.sleep(1)
    during = rss_kib(app.pid)
    status, _ = fetch(APP_ADDRESS, "/question?theme=caf")
    for s in sockets:
        s.close()
    return before, during, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measure (default 10)")
    parser.add_argument("--connections", type=int, default=256, help="concurrent connections (default 256)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    args = parser.parse_args()

    # 1,000 idle connections need more than the usual 1,024 descriptors, here and in
    # the server (which inherits the limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))

    work = tempfile.mkdtemp(prefix="aiguillage-load-")
    os.chmod(work, 0o755)  # nginx's workers run as another user
    data_dir = os.path.join(work, "data")
    www = os.path.join(work, "www")
    os.makedirs(www)
    try:
        measure(args, work, data_dir, www)
    finally:
        for process in RUNNING:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


# Servers started, stopped whatever happens.
RUNNING = []


def measure(args, work, data_dir, www):
    cores = os.cpu_count()
    print(f"machine: {cores} cores, {os.uname().machine}; wrk -t{args.threads} -c{args.connections} -d{args.duration}s")
    print(f"binary: {os.path.getsize(BINARY) / 1e6:.1f} MB ({BINARY})")
    starts = sorted(cold_start(os.path.join(work, f"cold{i}")) for i in range(5))
    print(f"cold start to first page: median {starts[2]:.0f} ms (of 5: {', '.join(f'{s:.0f}' for s in starts)})")

    app = start_app(data_dir)
    RUNNING.append(app)
    wait_for(APP_ADDRESS)
    print(f"memory after start: {rss_kib(app.pid) / 1024:.1f} MiB RSS")

    # The same bytes, as static files.
    files = []
    for i, (name, path) in enumerate(PAGES):
        status, body = fetch(APP_ADDRESS, path)
        assert status == 200, (path, status)
        file = f"page{i}.html"
        with open(os.path.join(www, file), "wb") as out:
            out.write(body)
        files.append((name, path, "/" + file, len(body)))
    with open(os.path.join(work, "nginx.conf"), "w") as conf:
        conf.write(NGINX_CONF.format(dir=work, host=NGINX_ADDRESS[0], port=NGINX_ADDRESS[1]))
    nginx = subprocess.Popen(["nginx", "-c", os.path.join(work, "nginx.conf"), "-p", work])
    RUNNING.append(nginx)
    wait_for(NGINX_ADDRESS)
    for _, _, static, size in files:
        status, body = fetch(NGINX_ADDRESS, static)
        assert status == 200 and len(body) == size

    print()
    print(f"{'page':<22} {'bytes':>6} {'server':<10} {'req/s':>9} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7}  ratio")
    for name, path, static, size in files:
        wrk(APP_ADDRESS, path, args.connections, 2, args.threads)  # warm-up
        wrk(NGINX_ADDRESS, static, args.connections, 2, args.threads)
        ours, our_latency = wrk(APP_ADDRESS, path, args.connections, args.duration, args.threads)
        theirs, their_latency = wrk(NGINX_ADDRESS, static, args.connections, args.duration, args.threads)
        for server, rps, latency, ratio in [
            ("aiguillage", ours, our_latency, f"{ours / theirs:.2f}"),
            ("nginx", theirs, their_latency, ""),
        ]:
            print(
                f"{name if server == 'aiguillage' else '':<22} {size if server == 'aiguillage' else '':>6} "
                f"{server:<10} {rps:>9.0f} {latency['50']:>7.2f} {latency['90']:>7.2f} {latency['99']:>7.2f}  {ratio}"
            )
    # The page cache keeps rendered pages: above, the same referral is a hit. Here
    # every request asks for Charente's and Charente-Maritime's communes in turn, more
    # than the cache holds: mostly renderings.
    script = os.path.join(work, "communes.lua")
    with open(os.path.join(ROOT, "data", "communes.csv"), encoding="utf-8") as communes:
        codes = sorted({row.split(",")[0] for row in communes if row.split(",")[-1].strip() in ("16", "17")})
    with open(script, "w") as lua:
        lua.write("local codes = {" + ",".join(f'"{c}"' for c in codes) + "}\n")
        lua.write("local i = 0\n")
        lua.write("request = function()\n  i = i + 1\n")
        lua.write('  return wrk.format("GET", "/orientation?theme=caf&need=dossier&near=" .. codes[i % #codes + 1])\nend\n')
    name, _, static, size = files[2]
    wrk(APP_ADDRESS, "/", args.connections, 2, args.threads, script)
    ours, our_latency = wrk(APP_ADDRESS, "/", args.connections, args.duration, args.threads, script)
    theirs, their_latency = wrk(NGINX_ADDRESS, static, args.connections, args.duration, args.threads)
    print(
        f"{'referral, ' + str(len(codes)) + ' communes':<22} {'':>6} {'aiguillage':<10} {ours:>9.0f} "
        f"{our_latency['50']:>7.2f} {our_latency['90']:>7.2f} {our_latency['99']:>7.2f}  {ours / theirs:.2f}"
    )
    print(
        f"{'':<22} {'':>6} {'nginx':<10} {theirs:>9.0f} "
        f"{their_latency['50']:>7.2f} {their_latency['90']:>7.2f} {their_latency['99']:>7.2f}"
    )

    print(f"\nmemory after the load: {rss_kib(app.pid) / 1024:.1f} MiB RSS")
    before, during, status = idle_connections(app, 1000)
    print(
        f"1,000 idle connections: RSS {before / 1024:.1f} -> {during / 1024:.1f} MiB; "
        f"a page meanwhile answers {status}"
    )
    time.sleep(11)  # past the header read timeout: the idle connections were closed
    print(f"after they timed out: {rss_kib(app.pid) / 1024:.1f} MiB RSS; healthz {fetch(APP_ADDRESS, '/healthz')[0]}")


if __name__ == "__main__":
    main()

"""Item 8: a mixed read workload against a running `cwis serve`, driven by wrk.

`cwis bench --load http://127.0.0.1:8100` builds the request mix from the generated data
(bearer tokens for a county, prefecture, province and ministry officer, a township
supervisor, a village director and an institution director),
writes a wrk Lua script that cycles through it, runs wrk for a bounded time and parses
requests/s, p50/p95/p99 and errors. Only 127.0.0.1 is accepted as target.
"""

import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from cwis.benchmarks.cases import actors, api_token
from cwis.children import selectors as child_selectors

LUA = """
local requests = {
%s
}
local i = 0
request = function()
  i = i + 1
  local r = requests[(i %% #requests) + 1]
  return wrk.format("GET", r[1], {["Authorization"] = "Bearer " .. r[2]})
end
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %%.1f\\np95 %%.1f\\np99 %%.1f\\nnon200 %%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
"""


def request_mix(seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    users = actors()
    mix = []
    for who in ("county", "prefecture", "province", "ministry", "supervisor", "village"):
        if who not in users:
            continue
        user = users[who]
        token = api_token(user)
        children = list(child_selectors.child_list(actor=user).order_by("pk")[:200])
        for _ in range(10):
            child = rng.choice(children)
            for path, params in (
                ("/api/v1/children", {"q": child.name[1:], "limit": 20}),
                ("/api/v1/children", {"q": child.name_initials, "limit": 20}),
                ("/api/v1/children", {"q": child.citizen_id or child.name, "limit": 20}),
                ("/api/v1/children", {"status": "in_care", "limit": 20,
                                      "offset": rng.randrange(0, 200)}),
                ("/api/v1/children", {"status": "in_community", "category": "left_behind",
                                      "limit": 20, "offset": rng.randrange(0, 200)}),
                (f"/api/v1/children/{child.pk}", {}),
            ):
                mix.append((path + ("?" + urlencode(params) if params else ""), token))
        mix += [("/api/v1/dashboard", token), ("/api/v1/todo", token)]
    director = api_token(users["director"])
    mix += [("/api/v1/todo", director)] * 5
    rng.shuffle(mix)
    return mix


def run(url: str, *, duration: int = 30, connections: int = 8, threads: int = 1) -> dict:
    host = urlsplit(url).hostname
    if host != "127.0.0.1":
        raise ValueError("load is generated against 127.0.0.1 only")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    mix = request_mix()
    lines = ",\n".join(f'{{"{path}", "{token}"}}' for path, token in mix)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "mix.lua"
        script.write_text(LUA % lines, encoding="utf-8")
        out = subprocess.run(  # noqa: S603 - fixed arguments, local target
            [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
             "-s", str(script), url],
            capture_output=True, text=True, timeout=duration + 60, check=False,
        ).stdout
    figures = {"requests_mix": len(mix), "connections": connections, "duration_s": duration,
               "raw": out}
    for key in ("p50", "p95", "p99", "non200"):
        m = re.search(rf"^{key} ([\d.]+)$", out, re.M)
        figures[key] = float(m.group(1)) if m else None
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    figures["rps"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in", out)
    figures["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Socket errors: (.*)", out)
    figures["socket_errors"] = m.group(1) if m else "none"
    return figures

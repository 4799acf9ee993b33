# Writes duckdb-peer-cases.jsonl (python3 duckdb-peer-cases.py in this folder): hunt-table edge cases for bench row 3,
# each row naming its case in "Case". DuckDbPeerCasesTest says what the table over it is; .ci/run compares DuckDB with it.
import json, hashlib, datetime
B = datetime.datetime(2024, 6, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)
T_NS = int(B.timestamp()) * 10**9          # the newest event time of the file
MIN = 60 * 10**9
def ts(ns, digits=7):
    s, frac = divmod(ns, 10**9)
    base = datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S')
    return base + ('.' + str(frac).zfill(9)[:digits] if digits else '') + 'Z'
def dev(name):
    return hashlib.sha1(name.encode()).hexdigest()
def md5(name):
    return hashlib.md5(name.encode()).hexdigest()
rows = []
def ev(case, at, device, process, ip='203.0.113.10', port=4444, cmd=None, name='__default__', **over):
    r = {"Timestamp": ts(at) if isinstance(at, int) else at, "DeviceId": dev(device),
         "DeviceName": device + ".corp.example" if name == '__default__' else name,
         "ActionType": "ConnectionSuccess", "RemoteIP": ip, "RemotePort": port, "RemoteUrl": "",
         "Protocol": "Tcp", "RemoteIPType": "Public", "InitiatingProcessFileName": process,
         "InitiatingProcessMD5": md5(process.lower()), "InitiatingProcessSHA256": hashlib.sha256(process.lower().encode()).hexdigest(),
         "InitiatingProcessCommandLine": cmd if cmd is not None else process + " --run",
         "InitiatingProcessFolderPath": "c:\\tools\\" + process, "Case": case}
    if name is None:
        del r["DeviceName"]
    for k, v in over.items():
        if v is None:
            r.pop(k, None)
        else:
            r[k] = v
    rows.append((at if isinstance(at, int) else None, r))
T = T_NS
# 1. IPv4-mapped spellings, pure IPv6, excluded networks (100.0.0.0/16), evidence cap 3 on remote IPs
c = "mapped: ::ffff: spellings kept, pure IPv6 and IPv4-compatible out, 100.0.0.0/16 excluded; 4 IPs > cap 3"
ev(c, T - 50*MIN, "m1", "mapped.exe", ip="::ffff:8.8.8.8")
ev(c, T - 40*MIN, "m1", "mapped.exe", ip="0:0:0:0:0:ffff:808:404")
ev(c, T - 35*MIN, "m1", "mapped.exe", ip="2001:db8::1", port=5001)
ev(c, T - 34*MIN, "m1", "mapped.exe", ip="::ffff:100.0.5.5", port=5002)
ev(c, T - 33*MIN, "m1", "mapped.exe", ip="::1.2.3.4", port=5003)
ev(c, T - 32*MIN, "m1", "mapped.exe", ip="01.2.3.4", port=5004)
ev(c, T - 31*MIN, "m1", "mapped.exe", ip="100.0.255.255", port=5005)
ev(c, T - 30*MIN, "m1", "mapped.exe", ip="::FFFF:200.1.1.1")
ev(c, T - 29*MIN, "m1", "mapped.exe", ip="100.1.0.0")
c = "mapped2: hex-group mapped forms, 3 IPs (cap 3); SampleRemoteIP tie at one instant goes to the smallest unsigned; RemoteIPs sorted unsigned"
ev(c, T - 25*MIN, "m2", "mapped2.exe", ip="0:0:0:0:0:FFFF:102:304", port=4447)
ev("mapped3: the address's groups compressed, the zeros written out", T - 25*MIN, "m4", "mapped3.exe", ip="::ffff:0:0", port=4445)
ev("mapped3: the address's groups compressed, the zeros written out", T - 24*MIN, "m4", "mapped3.exe", ip="0:0:0:0:0:ffff::1")
ev("mapped3: the address's groups compressed, the zeros written out", T - 23*MIN, "m4", "mapped3.exe", ip="0:0:0:0:0:ffff:a00::")
ev(c, T - 20*MIN, "m2", "mapped2.exe", ip="200.0.0.1")
ev(c, T - 20*MIN, "m3", "mapped2.exe", ip="::ffff:9.9.9.9")
# 2. command lines as evidence: cut at 1,024 UTF-16 units
ev("longcmd1: 1,500 characters, cut to 1,024 and '... [476 more characters]'", T - 21*MIN, "l1", "longcmd1.exe", cmd="A" * 1500)
ev("longcmd2: a surrogate pair across the 1,024th unit is not split", T - 21*MIN, "l2", "longcmd2.exe", cmd="a" * 1023 + "\U0001F600" + "b" * 10)
ev("longcmd3: 600 characters above U+FFFF are 1,200 UTF-16 units", T - 21*MIN, "l3", "longcmd3.exe", cmd="\U0001F600" * 600)
ev("longcmd4: exactly 1,024 characters, not cut", T - 21*MIN, "l4", "longcmd4.exe", cmd="c" * 1024)
ev("longcmd5: 1,025 characters, '... [1 more characters]'", T - 21*MIN, "l5", "longcmd5.exe", cmd="d" * 1025)
c = "cmdtie: two command lines last seen at the same instant: SampleProcess is the smaller"
ev(c, T - 19*MIN, "t1", "cmdtie.exe", cmd="short")
ev(c, T - 19*MIN, "t2", "cmdtie.exe", cmd="apple")
c = "cutmerge: two lines alike in their first 1,024 characters and length are one evidence value (3 values, cap 3: not truncated)"
ev(c, T - 40*MIN, "u1", "cutmerge.exe", cmd="x" * 1024 + "1" * 10)
ev(c, T - 39*MIN, "u1", "cutmerge.exe", cmd="x" * 1024 + "2" * 10)
ev(c, T - 38*MIN, "u1", "cutmerge.exe", cmd="other one")
ev(c, T - 37*MIN, "u1", "cutmerge.exe", cmd="other two")
ev(c, T - 36*MIN, "u1", "cutmerge.exe", cmd="", port=4446)
# 3. device names
c = "names: a device's name is its newest named event's; an empty DeviceName is a name"
ev(c, T - 50*MIN, "n1", "names.exe", name="n1-old.corp.example")
ev(c, T - 40*MIN, "n1", "names.exe", name="n1.corp.example")
ev(c, T - 30*MIN, "n1", "names.exe", name=None)
ev(c, T - 45*MIN, "n2", "names.exe", name="")
# 4. a device pushed out of the N newest by N others, then back without a name
c = "evict: e1 is pushed out by 3 newer devices (threshold 3) and comes back without a name: no name"
ev(c, T - 100*MIN, "e1", "evict.exe")
for i, d in enumerate(["e2", "e3", "e4"]):
    ev(c, T - (99 - i)*MIN, d, "evict.exe")
ev(c, T - 50*MIN, "e1", "evict.exe", name=None)
c = "evict-control: only 2 newer devices: e1 keeps its name"
ev(c, T - 100*MIN, "e1", "evict-control.exe")
for i, d in enumerate(["e2", "e3"]):
    ev(c, T - (99 - i)*MIN, d, "evict-control.exe")
ev(c, T - 50*MIN, "e1", "evict-control.exe", name=None)
c = "expired: p9's previous event left the window before it came back without a name: no name"
ev(c, T - 130*MIN, "p9", "expired.exe")
ev(c, T - 100*MIN, "p8", "expired.exe")
ev(c, T - 65*MIN, "p8", "expired.exe")
ev(c, T - 50*MIN, "p9", "expired.exe", name=None)
# 5. episodes: FirstSeen
c = "episode: a gap of 90 minutes (>= the 1 h window) starts a new episode"
for m in (200, 190, 100, 50):
    ev(c, T - m*MIN, "p1", "episode.exe")
c = "episode-exact: a gap of exactly the window starts a new episode"
for at in (T - 150*MIN, T - 90*MIN, T - 45*MIN):
    ev(c, at, "p2", "episode-exact.exe")
c = "episode-almost: a gap 100 ns short of the window does not"
for at in (T - 150*MIN, T - 90*MIN - 100, T - 45*MIN):
    ev(c, at, "p3", "episode-almost.exe")
# 6. window boundary
c = "boundary: an event at exactly T - W is out of the window, 100 ns later is in"
ev(c, T - 60*MIN, "b1", "boundary.exe", port=1111)
ev(c, T - 60*MIN + 100, "b2", "boundary.exe", port=2222)
# 7. evidence cap
c = "trunc: 4 ports, one cut by the cap but out of the window: not truncated"
for m, p in ((70, 1001), (40, 1002), (30, 1003), (20, 1004)):
    ev(c, T - m*MIN, "k1", "trunc.exe", port=p)
c = "trunc2: 4 ports in the window, cap 3: truncated, the 3 most recent shown"
for m, p in ((50, 1001), (40, 1002), (30, 1003), (20, 1004)):
    ev(c, T - m*MIN, "k2", "trunc2.exe", port=p)
c = "trunc3: a port cut by the cap comes back: the set holds it again, the flag stays"
for m, p in ((50, 1001), (40, 1002), (30, 1003), (20, 1004), (10, 1001)):
    ev(c, T - m*MIN, "k3", "trunc3.exe", port=p)
# 8. filter clauses
c = "tool: the suffix is any case, the key lower case, MD5s kept as written"
ev(c, T - 20*MIN, "f1", "Tool.EXE", InitiatingProcessMD5="ABCDEF0123456789ABCDEF0123456789")
ev(c, T - 10*MIN, "f1", "tool.exe", InitiatingProcessMD5="abcdef0123456789abcdef0123456789")
c = "filtered: one kept event (RemotePort as a string); every other is dropped by one clause (its port would show)"
ev(c, T - 20*MIN, "g1", "filtered.exe", port="8080")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=7001, RemoteUrl="evil.example")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=443)
ev(c, T - 19*MIN, "g1", "filtered.exe", port=7003, Protocol="tcp")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=7004, RemoteIPType="public")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=7005, ActionType="ConnectionFailed")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=7006, RemoteIP="10.1.2.3", RemoteIPType="Private")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=None)
ev(c, T - 19*MIN, "g1", "filtered.exe", port="")
ev(c, T - 19*MIN, "g1", "filtered.exe", port=None, RemoteIP=None)
ev(c, T - 18*MIN, "g1", "MSEdge.exe", port=7008)
ev(c, T - 18*MIN, "g1", "filtered", port=7009)
ev(c, T - 18*MIN, "g1", "filtered.exe.bak", port=7010)
# 9. dead letters the filter would keep (their port would show), and two valid spellings of a timestamp
c = "invalid: one kept event; the other rows are dead letters the filter would keep"
ev(c, T - 20*MIN, "i1", "invalid.exe", port=9000)
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9001, InitiatingProcessMD5="xyz")
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9002, InitiatingProcessSHA256="abc123")
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9003, DeviceName="bad\u0001name")
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9004, DeviceId=None)
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9005, Timestamp=ts(T - 19*MIN).replace("T", " "))
ev(c, T - 19*MIN, "i1", "invalid.exe", port=70000)
ev(c, T - 19*MIN, "i1", "invalid.exe", port=80.5)
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9008, ActionType=None)
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9009, RemoteIP="1.2.3")
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9010, Timestamp="2024-06-01T09:41:00.1234567890Z")
ev(c, T - 19*MIN, "i1", "invalid.exe", port=9011, DeviceId="d" * 257)
ev(c, T - 18*MIN, "i2", "invalid.exe", port=9012, Timestamp="2024-06-01T11:42:00.5+02:00")
ev(c, T - 17*MIN, "i2", "invalid.exe", port=9013, Timestamp="2024-06-01T09:43:00.123456789Z")
# 10. prevalence
c = "common: 3 devices in the window (threshold 3): not in the table"
for i, d in enumerate(["c1", "c2", "c3"]):
    ev(c, T - (30 - i)*MIN, d, "common.exe")
c = "was-common: 3 devices an hour and more ago, 1 now: rare again, FirstSeen from the start of the episode"
for i, d in enumerate(["w1", "w2", "w3"]):
    ev(c, T - (100 - i)*MIN, d, "was-common.exe", port=3000 + i)
ev(c, T - 70*MIN, "w1", "was-common.exe", port=3010)
ev(c, T - 30*MIN, "w1", "was-common.exe", port=3011)
# the newest event of the file: not kept (UDP), it sets T
ev("newest: the table's time; not kept itself", T, "z1", "dns.exe", Protocol="Udp", port=53)
rows.sort(key=lambda r: r[0] if r[0] is not None else T - 19*MIN)
with open('duckdb-peer-cases.jsonl', 'w', encoding='utf-8', newline='\n') as f:
    for _, r in rows:
        f.write(json.dumps(r, ensure_ascii=False, separators=(',', ':')) + '\n')
    # 70 dead letters stamped after T (bad MD5): more than the 64 newest rows DuckDB looks at first
    for i in range(70):
        r = dict(rows[-1][1]); r["Timestamp"] = ts(T + (i + 1) * MIN); r["InitiatingProcessMD5"] = "not-an-md5"
        r["Case"] = "trailing dead letters: not events, so not the table's time"
        f.write(json.dumps(r, ensure_ascii=False, separators=(',', ':')) + '\n')
print(len(rows), "rows +70")

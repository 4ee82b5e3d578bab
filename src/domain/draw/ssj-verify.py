#!/usr/bin/env python3
"""SSJ-DRAW/1 独立验证程序 — an independent verifier of a Shuangsui draw bundle.

Written from DRAW-PROTOCOL.md alone, in Python 3 with the standard library only, so that anyone can
check a published draw without trusting (or even reading) the platform's own code:

    python3 ssj-verify.py BUNDLE.json [--manifest-hash HEX] [--result-hash HEX]

It recomputes the manifest hash, the commitment, every pool hash, the roster hash, the seed, the
selection of every stratum and the assignment of inspectors, compares the result with the bundle's,
prints one line per check, and exits 0 only when everything matches (1 on the first mismatch kind,
2 when the file cannot be read). Pass the hashes published at freeze and at the draw to compare
them too. The platform's test suite runs this program against its own bundles.
"""
import hashlib
import json
import math
import sys

PROTOCOL = "SSJ-DRAW/1"


def H(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def utf8(s: str) -> bytes:
    return s.encode("utf-8")  # a lone surrogate raises: it has no UTF-8 form


def enc(s: str) -> bytes:
    b = utf8(s)
    return len(b).to_bytes(4, "big") + b


# ── RFC 8785 (JCS) ──────────────────────────────────────────────────────────────────────────────
def jcs_number(x) -> str:
    """ECMAScript Number::toString (RFC 8785 § 3.2.2.3), from Python's shortest round-trip digits."""
    if isinstance(x, bool):
        raise ValueError("不是数字")
    if isinstance(x, int) and abs(x) < 2**53:
        return str(x)
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("数字不是有限数")
    if x == 0:
        return "0"
    mantissa, _, exp = repr(abs(x)).partition("e")  # e.g. '100.0', '0.001', '1e-07', '1.5e+22'
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    n = len(whole) + (int(exp) if exp else 0)  # value = 0.<digits> × 10^n
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k = len(digits)
    sign = "-" if x < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


SHORT = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def jcs_string(s: str) -> str:
    out = ['"']
    for ch in s:
        c = ord(ch)
        if 0xD800 <= c <= 0xDFFF:
            raise ValueError("字符串含有不成对的 Unicode 代理字符")
        if c in SHORT:
            out.append(SHORT[c])
        elif c < 0x20:
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs(v) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return jcs_number(v)
    if isinstance(v, str):
        return jcs_string(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v.keys(), key=lambda k: k.encode("utf-16-be"))  # UTF-16 code unit order
        return "{" + ",".join(jcs_string(k) + ":" + jcs(v[k]) for k in keys) + "}"
    raise ValueError("不支持的 JSON 值")


def hex_hash_of_json(v) -> str:
    return H(utf8(jcs(v))).hex()


# ── The draw ────────────────────────────────────────────────────────────────────────────────────
def pool_hash(ids):
    ordered = sorted(ids, key=utf8)
    for a, b in zip(ordered, ordered[1:]):
        if a == b:
            raise ValueError("名录中检查对象「%s」重复出现" % a)
    h = hashlib.sha256()
    for i in ordered:
        h.update(enc(i))
    return h.hexdigest()


def derive_seed(manifest_hash: str, public_value: str, secret_hex: str) -> bytes:
    return H(enc(PROTOCOL) + enc(manifest_hash) + enc(public_value) + enc(secret_hex))


def select(seed: bytes, label: str, quota: int, pool):
    if not isinstance(quota, int) or isinstance(quota, bool) or quota < 0:
        raise ValueError("层级「%s」的抽取数量应为非负整数" % label)
    prefix = enc("target") + seed + enc(label)
    ranked = sorted(pool, key=lambda i: (H(prefix + enc(i)), utf8(i)))
    for a, b in zip(ranked, ranked[1:]):
        if a == b:
            raise ValueError("层级「%s」的名录中检查对象「%s」重复出现" % (label, a))
    return ranked[:quota]


def run_draw(manifest, pools, roster, public_value, secret_hex):
    strata = manifest["strata"]
    if not isinstance(manifest.get("teamSize"), int) or manifest["teamSize"] < 2:
        raise ValueError("每组检查人员数（teamSize）应为不小于 2 的整数")
    seed = derive_seed(hex_hash_of_json(manifest), public_value, secret_hex)
    items_of = {}
    for s in strata:
        if s["label"] not in pools:
            raise ValueError("缺少层级「%s」的检查对象名录" % s["label"])
        for target in select(seed, s["label"], s["quota"], pools[s["label"]]):
            items_of.setdefault(target, []).append(s["label"])
    order = sorted(items_of, key=lambda t: (H(enc("task") + seed + enc(t)), utf8(t)))
    ids = [r["id"] for r in roster]
    if len(set(ids)) != len(ids):
        raise ValueError("检查人员名单中有重复的人员")
    load = {i: 0 for i in ids}
    tasks = []
    for target in order:
        items = items_of[target]
        mine = [s for s in strata if s["label"] in items]
        departments = sorted({s["department"] for s in mine if s.get("department") is not None}, key=utf8)
        expertise = sorted({e for s in mine for e in s.get("expertise", [])}, key=utf8)
        size = max(manifest["teamSize"], len(departments))
        team = []
        tickets = {}
        prefix = enc("assign") + seed + enc(target)

        def pick(label, fits):
            candidates = [r for r in roster if r["id"] not in team and target not in r["conflicts"] and fits(r)]
            if not candidates:
                raise ValueError("任务 %s 无法满足「%s」" % (target, label))
            least = min(load[r["id"]] for r in candidates)

            def key(r):
                if r["id"] not in tickets:
                    tickets[r["id"]] = H(prefix + enc(r["id"]))
                return (tickets[r["id"]], utf8(r["id"]))

            chosen = min((r for r in candidates if load[r["id"]] == least), key=key)
            team.append(chosen["id"])
            load[chosen["id"]] += 1

        members = lambda: [r for r in roster if r["id"] in team]  # noqa: E731
        for d in departments:
            if not any(m["department"] == d for m in members()):
                pick("部门：" + d, lambda r, d=d: r["department"] == d)
        for e in expertise:
            if not any(e in m["expertise"] for m in members()):
                pick("专长：" + e, lambda r, e=e: e in r["expertise"])
        while len(team) < size:
            pick("组员人数：%d" % size, lambda r: True)
        tasks.append({"targetId": target, "items": items, "inspectors": team})
    return seed, {"tasks": tasks}


# ── Verification ────────────────────────────────────────────────────────────────────────────────
def verify(bundle, published_manifest_hash=None, published_result_hash=None):
    checks = []

    def check(name, ok, detail):
        checks.append((name, ok, detail))

    def attempt(name, fn):
        try:
            fn()
        except (ValueError, KeyError, TypeError, UnicodeEncodeError) as e:
            check(name, False, str(e))

    manifest = bundle["manifest"]
    check("协议版本", manifest.get("protocol") == PROTOCOL, str(manifest.get("protocol")))

    def manifest_hash():
        h = hex_hash_of_json(manifest)
        ok = published_manifest_hash is None or h == published_manifest_hash
        check("清单哈希", ok, h if ok else "重新计算为 %s，冻结时公布的为 %s" % (h, published_manifest_hash))

    def commitment():
        secret = bundle["secret"]
        if not isinstance(secret, str) or len(secret) != 64 or secret != secret.lower():
            raise ValueError("密钥应为 64 位小写十六进制字符")
        c = H(bytes.fromhex(secret)).hex()
        check("承诺值", c == manifest["commitment"], c if c == manifest["commitment"] else "重新计算为 %s，清单中为 %s" % (c, manifest["commitment"]))

    attempt("清单哈希", manifest_hash)
    attempt("承诺值", commitment)
    for s in manifest["strata"]:
        def pool(s=s):
            ids = bundle["pools"].get(s["label"])
            if ids is None:
                raise ValueError("证据包中没有层级「%s」的名录" % s["label"])
            h = pool_hash(ids)
            ok = h == s["poolHash"] and len(ids) == s["poolSize"]
            check("名录「%s」" % s["label"], ok, "%d 个检查对象，%s" % (len(ids), h) if ok else
                  "%d 个检查对象（清单中 %s），哈希 %s（清单中 %s）" % (len(ids), s["poolSize"], h, s["poolHash"]))
        attempt("名录「%s」" % s["label"], pool)
    for label in bundle["pools"]:
        if not any(s["label"] == label for s in manifest["strata"]):
            check("名录「%s」" % label, False, "清单中没有层级「%s」" % label)

    def roster_hash():
        h = hex_hash_of_json(bundle["roster"])
        check("检查人员名单哈希", h == manifest["rosterHash"], h if h == manifest["rosterHash"] else "重新计算为 %s，清单中为 %s" % (h, manifest["rosterHash"]))

    attempt("检查人员名单哈希", roster_hash)

    def redraw():
        seed, result = run_draw(manifest, bundle["pools"], bundle["roster"], bundle["publicValue"], bundle["secret"])
        check("种子", True, seed.hex())
        mine, theirs = result["tasks"], bundle["result"]["tasks"]
        for i in range(max(len(mine), len(theirs))):
            a = mine[i] if i < len(mine) else None
            b = theirs[i] if i < len(theirs) else None
            name = "任务 %d：%s" % (i + 1, (a or b)["targetId"])
            if a is None or b is None or jcs(a) != jcs(b):
                check(name, False, "应为 %s，证据包中为 %s" % (jcs(a) if a else "（无）", jcs(b) if b else "（无）"))
            else:
                check(name, True, "检查人员 " + "、".join(a["inspectors"]))
        h = hex_hash_of_json(result)
        same = jcs(result) == jcs(bundle["result"])
        ok = same and (published_result_hash is None or h == published_result_hash)
        check("结果哈希", ok, h if ok else "重新计算为 %s，证据包中结果的哈希为 %s，抽取时公布的为 %s" % (h, hex_hash_of_json(bundle["result"]), published_result_hash))

    attempt("重新抽取", redraw)
    return checks


def main(argv):
    args = list(argv[1:])
    published = {"--manifest-hash": None, "--result-hash": None}
    for flag in published:
        if flag in args:
            at = args.index(flag)
            published[flag] = args[at + 1]
            del args[at:at + 2]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[4].strip(), file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            bundle = json.load(f)
    except (OSError, ValueError) as e:
        print("无法读取证据包：%s" % e, file=sys.stderr)
        return 2
    checks = verify(bundle, published["--manifest-hash"], published["--result-hash"])
    for name, ok, detail in checks:
        print("%s  %s：%s" % ("通过" if ok else "不符", name, detail))
    failed = [c for c in checks if not c[1]]
    if failed:
        print("验证失败：第一处不符为「%s」" % failed[0][0], file=sys.stderr)
        return 1
    print("验证通过：%s 的全部内容与证据包一致" % PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

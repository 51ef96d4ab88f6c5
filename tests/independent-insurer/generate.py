#!/usr/bin/env python3
"""An independent synthetic life insurer in FraudGraph's input format (CONTRACT.md section 1).

Written apart from the product (its detector and its own generator were not read) so that the detector
can be measured on data it was never tuned on. Every parameter is drawn per seed within wide ranges;
the same seed and size give byte-identical files.

    python3 generate.py --holders 20000 --seed 101 --out DATA_DIR --truth truth.json

The truth file lists every planted ring (type "ring") and every honest look-alike (type "decoy", with the
honest holders a flag on it would wrongly accuse). See README.md beside this file.
"""

import argparse
import bisect
import csv
import json
import math
import os
import random
import sys
import time
from datetime import datetime, timedelta

sys.dont_write_bytecode = True  # no __pycache__ beside the test tooling
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tables as T  # noqa: E402

GENERATOR = "independent-insurer/1"

RING_KINDS = ["phone_takeover", "slow_address", "representative", "payout_accounts", "template_complaints",
              "terminated_agent", "shared_representative", "large_mixed"]

FULL_WIDTH = str.maketrans("0123456789-+ ()", "０１２３４５６７８９－＋\u3000（）")
CN_DIGITS = "零一二三四五六七八九"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


# ---------------------------------------------------------------------------------------------- helpers

class Picker:
    """Weighted choice with precomputed cumulative weights (random.choices is slow for one draw)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum, s = [], 0.0
        for w in weights:
            s += w
            self.cum.append(s)
        self.total = s

    def pick(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def dirichlet(rng, n, alpha=1.0):
    g = [rng.gammavariate(alpha, 1.0) for _ in range(n)]
    s = sum(g)
    return [x / s for x in g]


def loguniform(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def cn_number(n):
    """1..99 in Chinese numerals (十一, 二十三)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def cn_digits(s, zero="零"):
    return "".join((zero if c == "0" else CN_DIGITS[int(c)]) if c.isdigit() else c for c in s)


def id_check_char(first17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def luhn_digit(partial):
    total = 0
    for i, c in enumerate(reversed(partial)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


# ---------------------------------------------------------------------------------------------- model

class City:
    __slots__ = ("idx", "province", "province_short", "name", "area", "admin4", "pop", "districts", "region",
                 "weight", "ip_prefixes", "surnames", "compounds", "branches", "holders", "nat_pool", "branches_picker")


class Branch:
    __slots__ = ("idx", "city", "district", "name", "terminals", "office_ip", "wifi_ip", "landline", "agents",
                 "weight")


class Agent:
    __slots__ = ("idx", "aid", "name", "phone", "id_raw", "branch", "hired", "term", "tablet", "own_phone_rate",
                 "sets_client_phone", "clients", "orphan_effect")


class Person:
    __slots__ = ("name", "id_raw", "phone")

    def __init__(self, name, id_raw, phone):
        self.name, self.id_raw, self.phone = name, id_raw, phone


class Holder:
    __slots__ = ("idx", "hid", "name", "male", "birth", "id_raw", "city", "branch", "agent", "phone", "addr",
                 "addr_raw", "account", "email", "device", "created", "household", "employer", "policies",
                 "actions", "ring", "victim_day", "session", "reg_phone", "reg_addr_raw", "state")


class Policy:
    __slots__ = ("pid", "holder", "agent", "product", "premium", "issued", "pay_years", "lapse_day",
                 "surrendered", "status")


class Product:
    __slots__ = ("name", "kind", "single", "median", "spread")


# Actions a holder takes, replayed in time order at emission. kind is "chg", "sur" or "cmp".
class Action:
    __slots__ = ("day", "seq", "kind", "field", "value", "ctx", "tags", "ring")

    def __init__(self, day, seq, kind, field=None, value=None, ctx=None, tags=None, ring=None):
        self.day, self.seq, self.kind, self.field, self.value = day, seq, kind, field, value
        self.ctx, self.tags, self.ring = ctx or {}, tags, ring


class Ring:
    __slots__ = ("idx", "kind", "start", "duration", "cities", "phones", "flats", "accounts", "reps",
                 "devices", "ip", "emails", "template", "channels", "victims", "agent", "colluder", "probs",
                 "sessions", "controllers")


def draw_params(rng, n):
    u = rng.uniform
    p = {
        "start": (datetime(2019, 7, 1) + timedelta(days=rng.randrange(0, 1100))).strftime("%Y-%m-%d"),
        "span_days": rng.randint(730, 1095),
        "pre_issue_days": rng.randint(0, 2200),
        "national": rng.random() < 0.65,
        "city_skew": u(0.7, 1.4),
        "holders_per_branch": u(500, 3000),
        "clients_per_agent": u(35, 220),
        "agent_terminated_share": u(0.08, 0.40),
        "household_sizes": [u(0.45, 0.75), u(0.12, 0.30), u(0.04, 0.15), u(0.01, 0.06), u(0.0, 0.03)],
        "extra_policy_mean": u(0.1, 0.9),
        "product_weights": dirichlet(rng, len(T.PRODUCT_FAMILIES), 1.2),
        "surrender_rate_yr": u(0.012, 0.08),
        "lapse_rate_yr": u(0.003, 0.03),
        "surrender_all_policies": u(0.3, 0.9),
        "change_rate_yr": {"phone": u(0.02, 0.12), "address": u(0.02, 0.10), "bank_account": u(0.01, 0.06),
                           "email": u(0.002, 0.03)},
        "complaint_rate_yr": u(0.002, 0.02),
        "phone_change_before_surrender": u(0.03, 0.25),
        "bank_change_before_surrender": u(0.02, 0.20),
        "channel_weights": dict(zip(["counter", "app", "agent", "hotline", "web", "wechat"],
                                    [u(0.15, 0.6), u(0.15, 0.6), u(0.04, 0.25), u(0.03, 0.15), u(0.0, 0.1),
                                     u(0.0, 0.15)])),
        "smartphone_share": u(0.6, 0.95),
        "counter_device_recorded": u(0.55, 1.0),
        "wifi_is_office_ip": rng.random() < 0.4,
        "app_on_branch_wifi": u(0.02, 0.25),
        "app_via_carrier_nat": u(0.15, 0.7),
        "nat_ips_per_province": rng.randint(2, 14),
        "nat_national_ips": rng.randint(0, 6),
        "hotline_device_recorded": rng.random() < 0.35,
        "hotline_typed_as_contact": u(0.002, 0.05),
        "branch_line_typed_as_contact": u(0.002, 0.05),
        "agent_tablet_share": u(0.3, 0.9),
        "own_phone_agent_share": u(0.03, 0.2),
        "agent_sets_client_phone_share": u(0.0, 0.3),
        "relative_representative": u(0.005, 0.05),
        "family_joint_rate": u(0.02, 0.14),
        "family_pay_one_account": u(0.2, 0.7),
        "family_relative_rep": u(0.1, 0.5),
        "employers_per_10k": u(0.5, 4.0),
        "employer_leave_prob": u(0.3, 0.85),
        "employer_address_share": u(0.3, 0.9),
        "employer_phone_share": u(0.05, 0.4),
        "wave": rng.random() < 0.85,
        "wave_multiplier": u(3, 14),
        "wave_days": rng.randint(25, 120),
        "orphan_effect_share": u(0.2, 0.8),
        "orphan_multiplier": u(1.5, 6.0),
        "diy_template_per_1k": u(0.0, 3.0),
        "rings_per_10k": u(3.0, 9.0),
        "ring_kind_weights": dirichlet(rng, len(RING_KINDS), 1.5),
        "victim_household_pairs": u(0.0, 0.15),
        "snapshot": "current" if rng.random() < 0.5 else "registered",
        "bad_row_rate": u(0.0, 0.003),
        "id_legacy_share": u(0.0, 0.03),
        "id_typo_share": u(0.0, 0.01),
        "account_spaced_share": u(0.0, 0.4),
        "account_luhn_fail_share": u(0.0, 0.03),
        "phone_formats": dirichlet(rng, 9, 0.8),
        "landline_formats": dirichlet(rng, 5, 1.0),
        "address_styles": {"province": u(0.1, 0.7), "city": u(0.3, 0.95), "district": u(0.5, 0.98),
                           "road": u(0.2, 0.8), "dashed": u(0.02, 0.35), "cn_numerals": u(0.0, 0.2),
                           "full_width": u(0.0, 0.15), "spaces": u(0.0, 0.2)},
        "email_share": u(0.2, 0.6),
        "date_styles": {f: rng.choice(["date_time", "date_time_offset", "mixed"]) for f in
                        ["contact_changes", "surrender_requests", "complaints"]},
        "bom": {f: rng.random() < 0.3 for f in ["policyholders", "agents", "policies", "contact_changes",
                                                "surrender_requests", "complaints"]},
        "crlf": rng.random() < 0.5,
        "id_styles": {"holder": rng.choice(["C{:08d}", "KH{:09d}", "H{:07d}", "{:010d}"]),
                      "policy": rng.choice(["P{:010d}", "BD{:011d}", "{:012d}", "L{:09d}"]),
                      "agent": rng.choice(["A{:06d}", "AG{:07d}", "YW{:06d}"])},
        # Not drawn: 1.0 as the seeds draw them; `--set` moves rings' sizes and timings outside those ranges.
        "ring_size_scale": 1.0,
        "ring_duration_scale": 1.0,
        "ring_lag_scale": 1.0,
    }
    return p


def apply_settings(p, settings):
    """Overrides drawn parameters (`--set change_rate_yr.phone=0.3`): the value is JSON, a dotted key reaches into a
    nested one. Every random draw stays as it was, so a seed with and without a setting differs only by it."""
    for item in settings:
        key, sep, text = item.partition("=")
        if not sep:
            raise ValueError("--set %r: write KEY=VALUE" % item)
        *path, last = key.split(".")
        node = p
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or last not in node:
            raise ValueError("--set %r: no parameter %s (see the truth file's params)" % (item, key))
        value = json.loads(text)
        if type(value) is not type(node[last]) and not (isinstance(value, (int, float)) and isinstance(node[last], float)):
            raise ValueError("--set %r: %s is a %s" % (item, key, type(node[last]).__name__))
        node[last] = value


class Insurer:
    def __init__(self, seed, n, settings=()):
        self.seed, self.n = seed, n
        self.rng = random.Random(seed)
        self.p = draw_params(self.rng, n)
        apply_settings(self.p, settings)
        self.start = datetime.strptime(self.p["start"], "%Y-%m-%d")
        self.span = self.p["span_days"]
        self.seq = 0
        self.used_phones = set()
        self.used_accounts = set()
        self.used_ids = set()
        self.used_flats = set()
        self.used_devices = set()
        self.infra = {}          # shared value -> decoy key
        self.decoys = {}         # decoy key -> {"kind", "label", "holders": {holder idx: None}, "controllers"}
        self.rings = []
        self.records = {"contact_changes": [], "surrender_requests": [], "complaints": []}
        self.activated = set()   # victims with at least one ring record written
        self.stats = {"bad_rows": 0}

    # ------------------------------------------------------------------ small generators

    def next_seq(self):
        self.seq += 1
        return self.seq

    def new_mobile(self):
        rng = self.rng
        while True:
            m = rng.choice(T.MOBILE_PREFIXES) + "%08d" % rng.randrange(10 ** 8)
            if m not in self.used_phones:
                self.used_phones.add(m)
                return m

    def new_landline(self, city):
        digits = 8 if len(city.area) == 3 or city.pop > 8 else 7
        while True:
            num = city.area + str(self.rng.randint(2, 8)) + "%0*d" % (digits - 1, self.rng.randrange(10 ** (digits - 1)))
            if num not in self.used_phones:
                self.used_phones.add(num)
                return num

    def new_account(self):
        rng = self.rng
        while True:
            names, bin_, length = rng.choice(T.BANKS)
            body = bin_ + "%0*d" % (length - len(bin_) - 1, rng.randrange(10 ** (length - len(bin_) - 1)))
            acct = body + luhn_digit(body)
            if rng.random() < self.p["account_luhn_fail_share"]:
                acct = body + str((int(acct[-1]) + 1) % 10)
            if acct not in self.used_accounts:
                self.used_accounts.add(acct)
                return (acct, names)

    def new_device(self, ios=None):
        rng = self.rng
        if ios is None:
            ios = rng.random() < 0.3
        while True:
            if ios:
                h = "%032X" % rng.getrandbits(128)
                d = "-".join([h[:8], h[8:12], h[12:16], h[16:20], h[20:]])
            else:
                d = "%016x" % rng.getrandbits(64)
            if d not in self.used_devices:
                self.used_devices.add(d)
                return d

    def home_ip(self, city):
        a, b = self.rng.choice(city.ip_prefixes)
        return "%d.%d.%d.%d" % (a, b, self.rng.randrange(256), self.rng.randrange(1, 255))

    def new_id_number(self, city, birth, male, allow_legacy=False):
        rng = self.rng
        while True:
            region = city.admin4 + "%02d" % rng.randint(1, 12)
            seq3 = rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = region + birth.strftime("%Y%m%d") + "%03d" % seq3
            full = first17 + id_check_char(first17)
            if full in self.used_ids:
                continue
            self.used_ids.add(full)
            r = rng.random()
            if allow_legacy and r < self.p["id_legacy_share"] and birth.year < 2000:
                return region + birth.strftime("%y%m%d") + "%03d" % seq3  # 15-digit legacy number
            if allow_legacy and r < self.p["id_legacy_share"] + self.p["id_typo_share"]:
                i = rng.randrange(6, 17)
                return full[:i] + str((int(full[i]) + rng.randint(1, 9)) % 10) + full[i + 1:]  # a typo
            if full[-1] == "X" and rng.random() < 0.3:
                return full[:-1] + "x"
            return full

    def surname(self, city):
        return city.surnames.pick(self.rng)

    def given_name(self, male):
        rng = self.rng
        pool = T.MALE_CHARS if male else T.FEMALE_CHARS
        # Skewed towards the first characters of each pool, as real given names are.
        def one():
            if rng.random() < 0.12:
                return rng.choice(T.NEUTRAL_CHARS)
            return pool[min(len(pool) - 1, int(rng.expovariate(1 / 12.0)))]
        return one() if rng.random() < 0.3 else one() + one()

    def person(self, city, surname=None, male=None, age=None):
        rng = self.rng
        male = rng.random() < 0.5 if male is None else male
        age = rng.randint(22, 70) if age is None else age
        birth = self.start - timedelta(days=int(age * 365.25) + rng.randrange(365))
        name = (surname or self.surname(city)) + self.given_name(male)
        return Person(name, self.new_id_number(city, birth, male), self.new_mobile())

    # ------------------------------------------------------------------ addresses

    def new_flat(self, city, compound=None):
        rng = self.rng
        while True:
            if compound is None:
                compound = rng.choice(city.compounds)
            district, road, road_no, cname, buildings, units, floors = compound
            flat = ("flat", city.idx, district, road, road_no, cname, rng.randint(1, buildings),
                    rng.randint(1, units), rng.randint(1, floors) * 100 + rng.randint(1, 4))
            if flat not in self.used_flats:
                self.used_flats.add(flat)
                return flat
            compound = None

    def new_rural(self, city):
        rng = self.rng
        while True:
            a = ("rural", city.idx, rng.choice(city.districts), rng.choice(T.TOWNS) + "镇",
                 rng.choice(T.VILLAGES) + "村", rng.randint(1, 12), rng.randint(1, 80))
            if a not in self.used_flats:
                self.used_flats.add(a)
                return a

    def new_office(self, city):
        rng = self.rng
        a = ("office", city.idx, rng.choice(city.districts), rng.choice(T.ROADS) + rng.choice(T.ROAD_SUFFIX),
             rng.randint(1, 999), rng.choice(T.TOWERS), rng.randint(2, 38), rng.randint(1, 20))
        self.used_flats.add(a)
        return a

    def new_home(self, city):
        return self.new_rural(city) if self.rng.random() < 0.1 else self.new_flat(city)

    def address_text(self, a):
        """One way a person or clerk might write address a."""
        rng, st = self.rng, self.p["address_styles"]
        city = self.cities[a[1]]
        sep = " " if rng.random() < st["spaces"] else ""
        cnum = rng.random() < st["cn_numerals"]
        parts = []
        municipality = city.province_short == city.name
        with_city = rng.random() < st["city"]
        if with_city and not municipality and rng.random() < st["province"]:
            parts.append(city.province if rng.random() < 0.7 else city.province_short)
        if with_city:
            parts.append(city.name + ("市" if rng.random() < 0.75 else ""))
        if rng.random() < st["district"] or not with_city:
            parts.append(a[2])
        kind = a[0]
        if kind == "flat":
            _, _, _, road, road_no, cname, b, u, r = a
            if rng.random() < st["road"]:
                parts.append("%s%s号" % (road, cn_number(road_no) if cnum and road_no < 100 else road_no))
            parts.append(cname)
            if rng.random() < st["dashed"]:
                parts.append("%d-%d-%d" % (b, u, r))
            else:
                bs = cn_number(b) if cnum else str(b)
                us = cn_number(u) if cnum else str(u)
                rs = cn_digits(str(r), rng.choice("零〇")) if cnum and rng.random() < 0.4 else str(r)
                bm = rng.choice(["幢", "栋", "栋", "号楼", "幢", "座"])
                parts.append(bs + bm)
                parts.append(us + "单元")
                parts.append(rs + rng.choice(["室", "室", "室", "", "号"]))
        elif kind == "rural":
            _, _, _, town, village, group, no = a
            parts.append(town)
            parts.append(village)
            parts.append((cn_number(group) if cnum else str(group)) + rng.choice(["组", "组", "社"]))
            parts.append("%d号" % no)
        else:
            _, _, _, road, road_no, tower, floor, room = a
            if rng.random() < 0.8:
                parts.append("%s%d号" % (road, road_no))
            parts.append(tower + rng.choice(["大厦", "大厦", "中心", "广场"]))
            r = rng.random()
            if r < 0.5:
                parts.append("%d%02d室" % (floor, room))
            elif r < 0.8:
                parts.append("%d楼%02d" % (floor, room))
            else:
                parts.append("%d层%d号" % (floor, room))
        text = sep.join(parts)
        if rng.random() < st["full_width"]:
            text = text.translate(FULL_WIDTH)
        return text

    @staticmethod
    def address_key(a):
        return "|".join(str(x) for x in a)

    # ------------------------------------------------------------------ world

    def build_geography(self):
        rng, p = self.rng, self.p
        chosen = list(range(len(T.CITIES)))
        if p["national"] and self.n < 150000:
            # A smaller national insurer is present in the larger cities only.
            k = max(10, min(len(chosen), int(self.n / rng.uniform(800, 2500))))
            by_size = Picker(range(len(T.CITIES)), [c[5] for c in T.CITIES])
            chosen = []
            while len(chosen) < k:
                i = by_size.pick(rng)
                if i not in chosen:
                    chosen.append(i)
            chosen.sort()
        if not p["national"]:
            provinces = []
            for c in T.CITIES:
                if c[0] not in provinces:
                    provinces.append(c[0])
            keep = set(rng.sample(provinces, rng.randint(3, 9)))
            chosen = [i for i, c in enumerate(T.CITIES) if c[0] in keep]
            while len(chosen) < 6:
                extra = rng.randrange(len(T.CITIES))
                if extra not in chosen:
                    chosen.append(extra)
            chosen.sort()
        first_octets = [36, 39, 42, 49, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
                        120, 121, 122, 123, 124, 125, 171, 175, 180, 182, 183, 202, 211, 218, 219, 220, 221, 222, 223]
        base = {}
        for c in T.TOP_SURNAMES:
            base[c[0]] = c[1]
        rare = list(T.RARE_SURNAMES)
        tail_total = 12.5
        zipf = [1.0 / (i + 8) for i in range(len(rare))]
        zs = sum(zipf)
        for s, z in zip(rare, zipf):
            base[s] = base.get(s, 0) + tail_total * z / zs
        for s in T.COMPOUND_SURNAMES:
            base[s] = 0.02
        region_pickers = {}
        for region, mult in T.SURNAME_REGION.items():
            names = list(base)
            region_pickers[region] = Picker(names, [base[s] * mult.get(s, 1.0) for s in names])
        self.national_surnames = Picker(list(base), list(base.values()))
        self.surname_share = {s: w / sum(base.values()) for s, w in base.items()}

        self.cities = []
        for idx in chosen:
            prov, prov_short, name, area, admin4, pop, districts, region = T.CITIES[idx]
            c = City()
            c.idx = len(self.cities)
            c.province, c.province_short, c.name, c.area, c.admin4, c.pop = prov, prov_short, name, area, admin4, pop
            c.districts, c.region = districts, region
            c.weight = pop ** p["city_skew"] * rng.uniform(0.4, 1.6)
            c.ip_prefixes = [(rng.choice(first_octets), rng.randrange(256)) for _ in range(rng.randint(2, 5))]
            c.surnames = region_pickers[region]
            c.branches, c.holders = [], []
            self.cities.append(c)
        total = sum(c.weight for c in self.cities)
        self.city_picker = Picker(self.cities, [c.weight for c in self.cities])
        # Carrier-grade NAT: a province's mobile users leave through a small pool of public addresses,
        # a few national ones serve many provinces.
        nat_by_province = {}
        self.nat_national = ["%d.%d.%d.%d" % (rng.choice([39, 111, 112, 117, 223]), rng.randrange(256),
                                              rng.randrange(256), rng.randrange(1, 255))
                             for _ in range(p["nat_national_ips"])]
        for c in self.cities:
            if c.province not in nat_by_province:
                ips = ["%d.%d.%d.%d" % (rng.choice([39, 111, 112, 117, 120, 223]), rng.randrange(256),
                                        rng.randrange(256), rng.randrange(1, 255))
                       for _ in range(p["nat_ips_per_province"])]
                nat_by_province[c.province] = Picker(ips, [1.0 / (i + 1) for i in range(len(ips))])
            c.nat_pool = nat_by_province[c.province]
        for pool in nat_by_province.values():
            for ip in pool.items:
                self.register_infra(ip, "carrier_nat", ip, "ip")
        for ip in self.nat_national:
            self.register_infra(ip, "carrier_nat", ip, "ip")
        # Residential compounds, about one per 150-400 expected holders, at least a few per city.
        for c in self.cities:
            expected = self.n * c.weight / total
            k = max(4, int(expected / rng.uniform(150, 400)))
            c.compounds = []
            for _ in range(k):
                c.compounds.append((rng.choice(c.districts), rng.choice(T.ROADS) + rng.choice(T.ROAD_SUFFIX),
                                    rng.randint(1, 888),
                                    rng.choice(T.COMPOUND_HEAD) + rng.choice(T.COMPOUND_TAIL),
                                    rng.randint(2, 40), rng.randint(1, 6), rng.randint(6, 33)))
        # Branches: counter terminals, office network, guest Wi-Fi, a landline.
        self.branches = []
        for c in self.cities:
            expected = self.n * c.weight / total
            for k in range(max(1, int(round(expected / p["holders_per_branch"])))):
                b = Branch()
                b.idx, b.city = len(self.branches), c
                b.district = rng.choice(c.districts)
                b.name = rng.choice(["%s%s营业部" % (c.name, b.district), "%s中心支公司第%d营销服务部" % (c.name, k + 1),
                                     "%s分公司%s支公司" % (c.name, b.district)])
                b.terminals = [self.new_device(ios=False) for _ in range(rng.randint(1, 3))]
                b.office_ip = self.home_ip(c)
                b.wifi_ip = b.office_ip if p["wifi_is_office_ip"] else self.home_ip(c)
                b.landline = self.new_landline(c)
                b.agents, b.weight = [], rng.uniform(0.3, 1.7)
                for t in b.terminals:
                    self.register_infra(t, "branch_terminal", b.name, "device")
                self.register_infra(b.office_ip, "branch_ip", b.name, "ip")
                self.register_infra(b.wifi_ip, "branch_ip", b.name, "ip")
                self.register_infra(b.landline, "branch_landline", b.name, "phone")
                c.branches.append(b)
                self.branches.append(b)
        for c in self.cities:
            c.branches_picker = Picker(c.branches, [b.weight for b in c.branches])
        # The insurer's service numbers: a 95xxx hotline and a 400 number.
        self.hotlines = ["955" + "%02d" % rng.randrange(100), "400" + "%07d" % rng.randrange(10 ** 7)]
        for h in self.hotlines:
            self.register_infra(h, "hotline_phone", h, "phone")
        self.call_center = [self.new_device(ios=False) for _ in range(rng.randint(2, 8))]
        self.call_center_ip = "%d.%d.%d.%d" % (rng.choice([61, 202, 218]), rng.randrange(256), rng.randrange(256),
                                               rng.randrange(1, 255))
        if p["hotline_device_recorded"]:
            for d in self.call_center:
                self.register_infra(d, "call_center", "call centre", "device")
            self.register_infra(self.call_center_ip, "call_center", "call centre", "ip")
        self.insurer_name = rng.choice(T.INSURER_NAMES)

    def build_products(self):
        rng = self.rng
        self.products = []
        for pattern, kind, single, median, spread in T.PRODUCT_FAMILIES:
            pr = Product()
            pr.name = pattern.format(b=rng.choice(T.PRODUCT_WORDS_1), c=rng.choice(T.PRODUCT_WORDS_2))
            pr.kind, pr.single, pr.median, pr.spread = kind, single, median * rng.uniform(0.6, 1.6), spread
            self.products.append(pr)
        self.product_picker = Picker(self.products, self.p["product_weights"])
        wave_candidates = [pr for pr in self.products if pr.kind in ("universal", "annuity", "whole_life")]
        self.wave_product = rng.choice(wave_candidates) if self.p["wave"] else None
        self.wave_start = rng.uniform(0.25, 0.8) * self.span

    def build_agents(self):
        rng, p = self.rng, self.p
        self.agents = []
        total = sum(c.weight for c in self.cities)
        for b in self.branches:
            expected = self.n * b.city.weight / total / max(1, len(b.city.branches))
            for _ in range(max(2, int(round(expected / p["clients_per_agent"] * 1.4)))):
                a = Agent()
                a.idx = len(self.agents)
                a.aid = p["id_styles"]["agent"].format(100000 + a.idx * 7 + rng.randrange(7))
                per = self.person(b.city, age=rng.randint(23, 58))
                a.name, a.phone, a.id_raw = per.name, per.phone, per.id_raw
                a.branch = b
                a.hired = -p["pre_issue_days"] - rng.uniform(0, 2500) if rng.random() < 0.5 else \
                    rng.uniform(-p["pre_issue_days"] - 300, self.span - 200)
                a.term = None
                if rng.random() < p["agent_terminated_share"]:
                    a.term = rng.uniform(max(a.hired + 90, -p["pre_issue_days"] * 0.3), self.span - 20)
                a.tablet = self.new_device(ios=rng.random() < 0.4) if rng.random() < p["agent_tablet_share"] else None
                a.own_phone_rate = rng.uniform(0.3, 0.95) if rng.random() < p["own_phone_agent_share"] else 0.0
                a.sets_client_phone = a.own_phone_rate > 0 and rng.random() < p["agent_sets_client_phone_share"]
                a.clients = []
                if a.tablet:
                    self.register_infra(a.tablet, "agent_device", a.aid, "device")
                b.agents.append(a)
                self.agents.append(a)

    def agent_for(self, branch, day):
        """An agent of the branch active on day (sales go to whoever is working there then)."""
        active = [a for a in branch.agents if a.hired <= day and (a.term is None or a.term > day)]
        return self.rng.choice(active or branch.agents)

    def servicing_agent(self, h, day):
        a = h.agent
        if a.term is not None and a.term <= day:
            active = [x for x in a.branch.agents if x.term is None or x.term > day]
            if not active:
                return None
            return active[h.idx % len(active)]
        return a

    # ------------------------------------------------------------------ holders

    def new_holder(self, city, surname, male, age, created, household, branch=None):
        rng, p = self.rng, self.p
        h = Holder()
        h.idx = len(self.holders)
        h.hid = p["id_styles"]["holder"].format(self.holder_base + h.idx * 3 + rng.randrange(3))
        h.male = male
        h.birth = self.start + timedelta(days=created) - timedelta(days=int(age * 365.25) + rng.randrange(365))
        h.name = surname + self.given_name(male)
        if rng.random() < 0.01:
            h.name = h.name[0] + " " + h.name[1:]
        h.id_raw = self.new_id_number(city, h.birth, male, allow_legacy=True)
        h.city = city
        h.branch = branch or city.branches_picker.pick(rng)
        h.created = created
        h.household = household
        h.employer = None
        h.agent = self.agent_for(h.branch, created)
        h.agent.clients.append(h)
        h.phone = self.new_mobile()
        h.addr = None
        h.account = self.new_account()
        h.email = self.new_email() if rng.random() < p["email_share"] else None
        elderly = age > 62
        h.device = self.new_device() if rng.random() < p["smartphone_share"] * (0.6 if elderly else 1.0) else None
        h.policies, h.actions = [], []
        h.ring, h.victim_day = None, None
        self.holders.append(h)
        city.holders.append(h)
        return h

    def new_email(self):
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            return "%d@qq.com" % rng.randint(10000, 3999999999)
        local = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        return local + str(rng.randint(0, 2000)) + rng.choice(["@163.com", "@126.com", "@sina.com", "@gmail.com",
                                                              "@139.com", "@foxmail.com"])

    def issue_policies(self, h, first_day, agent=None, product=None):
        rng, p = self.rng, self.p
        count = 1 + poisson(rng, p["extra_policy_mean"])
        day = first_day
        for i in range(count):
            pol = Policy()
            pol.pid = None
            pol.holder = h
            pol.agent = agent or (h.agent if i == 0 or rng.random() < 0.7 else self.agent_for(h.branch, day))
            if pol.agent is not h.agent and h not in pol.agent.clients:
                pol.agent.clients.append(h)
            pol.product = product if (product and i == 0) else self.product_picker.pick(rng)
            pr = pol.product
            prem = pr.median * math.exp(rng.gauss(0, pr.spread))
            pol.premium = round(prem, -2) if prem > 2000 else round(prem, -1) or 100.0
            pol.issued = day
            pol.pay_years = 1 if pr.single else rng.choice([3, 5, 10, 10, 15, 20])
            pol.lapse_day = None
            if not pr.single and rng.random() < p["lapse_rate_yr"] * max(0.0, self.span - max(day, 0)) / 365:
                pol.lapse_day = rng.uniform(max(day + 365, 0), self.span + 400)
            pol.surrendered = False
            pol.status = "in_force"
            h.policies.append(pol)
            day = day + rng.uniform(30, 900) if rng.random() < 0.7 else day
            if day > self.span - 10:
                break

    def build_holders(self):
        rng, p = self.rng, self.p
        self.holders = []
        self.households = []
        self.employers = []
        self.holder_base = rng.randrange(1000, 900000)
        earliest, latest = -p["pre_issue_days"], self.span - 60

        # Employer groups sold at the workplace: colleagues issued together by one agent.
        n_emp = poisson(rng, self.n / 10000 * p["employers_per_10k"])
        budget = int(self.n * 0.08)
        for e in range(n_emp):
            size = min(budget, int(loguniform(rng, 8, 140)))
            if size < 8:
                break
            budget -= size
            city = self.city_picker.pick(rng)
            branch = city.branches_picker.pick(rng)
            day = rng.uniform(earliest, latest - 200)
            agent = self.agent_for(branch, day)
            company = rng.choice(T.COMPANY_WORDS) + rng.choice(T.COMPANY_TYPES)
            emp = {"idx": e, "name": city.name + company, "city": city, "office": self.new_office(city),
                   "landline": self.new_landline(city), "hr": None, "members": [], "day": day, "agent": agent,
                   "product": self.product_picker.pick(rng), "batch_addr": rng.random() < 0.6}
            emp["hr"] = self.person(city, age=rng.randint(25, 50))
            batch_text = self.address_text(emp["office"])
            for _ in range(size):
                age = rng.randint(22, 58)
                h = self.new_holder(city, self.surname(city), rng.random() < 0.5, age, day + rng.uniform(0, 10), None,
                                    branch=branch)
                h.employer = emp
                h.agent.clients.remove(h)
                h.agent = agent
                agent.clients.append(h)
                h.addr = emp["office"] if rng.random() < p["employer_address_share"] else self.new_home(city)
                h.addr_raw = batch_text if (h.addr is emp["office"] and emp["batch_addr"]) else self.address_text(h.addr)
                r = rng.random()
                if r < p["employer_phone_share"]:
                    h.phone = emp["landline"]
                elif r < p["employer_phone_share"] * 1.3:
                    h.phone = emp["hr"].phone
                self.issue_policies(h, h.created, agent=agent, product=emp["product"])
                emp["members"].append(h)
            self.employers.append(emp)
            # Colleagues share the company's address, phone and agent from the day they are issued.
            self.register_infra(emp["landline"], "employer", emp["name"], "phone", key=("employer", e))
            for h in emp["members"]:
                self.tag(("employer", e), "employer", emp["name"], h)

        # Households.
        size_picker = Picker([1, 2, 3, 4, 6], p["household_sizes"])
        hh_idx = 0
        while len(self.holders) < self.n:
            k = min(size_picker.pick(rng), self.n - len(self.holders))
            city = self.city_picker.pick(rng)
            home = self.new_home(city)
            head_surname = self.surname(city)
            spouse_surname = self.surname(city)
            head_age = rng.randint(25, 72)
            hh = {"idx": hh_idx, "members": [], "home": home, "city": city,
                  "landline": self.new_landline(city) if rng.random() < 0.25 else None}
            hh_idx += 1
            day0 = rng.uniform(earliest, latest)
            head_male = rng.random() < 0.55
            for m in range(k):
                if m == 0:
                    surname, male, age = head_surname, head_male, head_age
                elif m == 1:
                    surname, male, age = spouse_surname, not head_male, max(22, head_age + rng.randint(-6, 6))
                elif rng.random() < 0.75 and head_age > 45:
                    surname, male, age = head_surname, rng.random() < 0.5, max(18, head_age - rng.randint(22, 34))
                else:
                    surname, male, age = head_surname, rng.random() < 0.5, min(90, head_age + rng.randint(22, 30))
                created = day0 if m == 0 or rng.random() < 0.6 else rng.uniform(earliest, latest)
                h = self.new_holder(city, surname, male, age, created, hh,
                                    branch=hh["members"][0].branch if hh["members"] else None)
                h.addr = home
                h.addr_raw = self.address_text(home)
                if hh["landline"] and rng.random() < 0.4:
                    h.phone = hh["landline"]
                elif m > 0 and (age > 65 or h.device is None) and rng.random() < 0.5:
                    h.phone = hh["members"][0].phone  # an elderly parent registered with a child's mobile
                self.issue_policies(h, created)
                hh["members"].append(h)
            self.households.append(hh)
        for h in self.holders:
            h.reg_phone, h.reg_addr_raw = h.phone, h.addr_raw
            h.created = min(h.created, min(pol.issued for pol in h.policies))

    # ------------------------------------------------------------------ infra and decoys

    def register_infra(self, value, kind, label, vtype, key=None):
        key = key or (kind, value)
        if self.infra.get(value) == key:
            return  # e.g. a branch whose guest Wi-Fi leaves through the office address
        self.infra[value] = key
        if key not in self.decoys:
            self.decoys[key] = {"kind": kind, "label": label, "holders": {}, "controllers": []}
        self.decoys[key]["controllers"].append({"type": vtype, "value": value})

    def tag(self, key, kind, label, h, controllers=None):
        d = self.decoys.get(key)
        if d is None:
            d = self.decoys[key] = {"kind": kind, "label": label, "holders": {}, "controllers": controllers or []}
        d["holders"][h.idx] = None

    # ------------------------------------------------------------------ honest behaviour

    def add(self, h, day, kind, field=None, value=None, ctx=None, tags=None, ring=None):
        h.actions.append(Action(day, self.next_seq(), kind, field, value, ctx, tags, ring))

    def pick_channel(self, h, day):
        rng = self.rng
        while True:
            ch = self.channel_picker.pick(rng)
            if ch in ("app", "wechat") and h.device is None:
                continue
            if ch == "agent" and self.servicing_agent(h, day) is None:
                continue
            return ch

    def plan_honest(self, h):
        rng, p = self.rng, self.p
        begin = max(0.0, h.created + 1)
        end = self.span if h.victim_day is None else h.victim_day
        if end <= begin:
            return
        years = (end - begin) / 365.0
        for field, rate in p["change_rate_yr"].items():
            for _ in range(poisson(rng, rate * years)):
                self.add(h, rng.uniform(begin, end), "chg", field)
        for _ in range(poisson(rng, p["complaint_rate_yr"] * years)):
            self.add(h, rng.uniform(begin, end), "cmp", ctx={"honest": True})
        if h.victim_day is not None:
            return  # a victim's policies stay in force until the ring comes
        # Surrenders: a base hazard, a product-wide wave after a crediting-rate cut, orphaned clients.
        wave = self.wave_product
        first_surrender = None
        for pol in h.policies:
            if pol.surrendered:
                continue
            t0 = max(0.0, pol.issued + 20)
            stop = min(self.span, pol.lapse_day if pol.lapse_day is not None else self.span)
            if stop <= t0:
                continue
            t = t0 + rng.expovariate(p["surrender_rate_yr"] / 365.0)
            tags = None
            if wave is pol.product and t0 < self.wave_start + p["wave_days"] and self.wave_start < stop:
                extra = p["surrender_rate_yr"] * (p["wave_multiplier"] - 1) * p["wave_days"] / 365.0
                if rng.random() < 1 - math.exp(-extra):
                    tw = max(self.wave_start, t0) + min(p["wave_days"], rng.expovariate(3.0 / p["wave_days"]))
                    if tw < t:
                        t, tags = tw, [(("surrender_wave", wave.name), "surrender_wave", wave.name)]
            a = pol.agent
            if a.term is not None and a.orphan_effect and t0 < a.term + 180 and a.term < stop:
                extra = p["surrender_rate_yr"] * (p["orphan_multiplier"] - 1) * 150 / 365.0
                if rng.random() < 1 - math.exp(-extra):
                    to = max(a.term, t0) + rng.uniform(10, 180)
                    if to < t:
                        t, tags = to, [(("orphaned_clients", a.aid), "orphaned_clients", a.aid)]
            if t >= stop:
                continue
            if first_surrender is not None and rng.random() < p["surrender_all_policies"]:
                t = first_surrender + rng.uniform(0, 0.02)
            first_surrender = t if first_surrender is None else min(first_surrender, t)
            self.add(h, t, "sur", value=pol, ctx={"honest": True}, tags=tags)
            pol.surrendered = True
        if first_surrender is not None:
            # Honest people change a phone or a bank card shortly before surrendering too.
            if rng.random() < p["phone_change_before_surrender"]:
                self.add(h, first_surrender - rng.uniform(0.05, 30), "chg", "phone")
            if rng.random() < p["bank_change_before_surrender"]:
                self.add(h, first_surrender - rng.uniform(0.05, 20), "chg", "bank_account")
        a = h.agent
        if a.sets_client_phone and h.device is None and rng.random() < 0.5:
            d = rng.uniform(begin, end)
            self.add(h, d, "chg", "phone", value=a.phone, ctx={"channel": "agent"},
                     tags=[(("agent_own_phone", a.aid), "agent_own_phone", a.aid)])

    def plan_family_events(self):
        rng, p = self.rng, self.p
        for hh in self.households:
            members = [m for m in hh["members"] if m.victim_day is None]
            if len(members) < 2 or rng.random() >= p["family_joint_rate"]:
                continue
            key = ("family", hh["idx"])
            tag = [(key, "family", "household %d" % hh["idx"])]
            day = rng.uniform(max(60.0, max(m.created for m in members) + 90), self.span - 5)
            if day >= self.span - 5:
                continue
            head = members[0]
            pay_one = rng.random() < p["family_pay_one_account"]
            rep = None
            if rng.random() < p["family_relative_rep"]:
                rel = rng.choice(members[1:]) if rng.random() < 0.5 else None
                rep = Person(rel.name, rel.id_raw, rel.phone) if rel else self.person(hh["city"], surname=head.name[0])
            ctx = {"channel": "counter" if rng.random() < 0.7 else None, "family_head": head}
            if pay_one:
                ctx["payout"] = head.account
            if rep:
                ctx["rep"] = rep
            if rng.random() < 0.5:
                ctx["contact"] = head.phone
            r = rng.random()
            if r < 0.25:
                new_home = self.new_home(hh["city"])
                move = day - rng.uniform(10, 150)
                for m in members:
                    self.add(m, max(1.0, move + rng.uniform(0, 3)), "chg", "address", value=new_home, tags=tag)
            elif r < 0.45:
                for m in members[1:]:
                    self.add(m, max(1.0, day - rng.uniform(2, 60)), "chg", "phone", value=head.phone, tags=tag)
            for i, m in enumerate(members):
                if i >= 2 and rng.random() < 0.2:
                    continue
                for pol in m.policies:
                    if not pol.surrendered and pol.issued < day - 30 and (pol.lapse_day is None or pol.lapse_day > day):
                        self.add(m, day + rng.uniform(0, 0.1 if ctx["channel"] else 10), "sur", value=pol,
                                 ctx=dict(ctx, honest=True), tags=tag)
                        pol.surrendered = True

    def plan_employer_events(self):
        rng, p = self.rng, self.p
        for emp in self.employers:
            key = ("employer", emp["idx"])
            tag = [(key, "employer", emp["name"])]
            members = [m for m in emp["members"] if m.victim_day is None]
            if rng.random() < 0.3:  # the company moves; HR has everyone's address updated in one batch
                new_office = self.new_office(emp["city"])
                day = rng.uniform(max(30.0, emp["day"] + 60), self.span - 10)
                ctx = {"channel": rng.choice(["agent", "counter"])}
                text = self.address_text(new_office)
                for m in members:
                    if m.addr is emp["office"]:
                        self.add(m, day + rng.uniform(0, 0.2), "chg", "address", value=(new_office, text),
                                 ctx=ctx, tags=tag)
            if rng.random() < p["employer_leave_prob"]:
                day = rng.uniform(max(60.0, emp["day"] + 120), self.span - 10)
                share = rng.uniform(0.3, 1.0)
                rep = emp["hr"] if rng.random() < 0.8 else None
                contact = emp["landline"] if rng.random() < 0.5 else None
                for m in members:
                    if rng.random() > share:
                        continue
                    for pol in m.policies:
                        if not pol.surrendered and pol.issued < day - 30:
                            ctx = {"channel": "counter" if rep else None, "rep": rep, "contact": contact,
                                   "honest": True}
                            self.add(m, day + rng.uniform(0, 40), "sur", value=pol, ctx=ctx, tags=tag)
                            pol.surrendered = True

    def plan_diy_template(self):
        """Honest policyholders who file a mis-selling complaint from a template found on the internet."""
        rng, p = self.rng, self.p
        k = poisson(rng, self.n / 1000 * p["diy_template_per_1k"])
        if k < 3:
            return
        self.public_template = self.make_template()
        tag = [(("diy_template", 0), "diy_template", "public complaint template")]
        for h in rng.sample(self.holders, k):
            if h.victim_day is not None:
                continue
            self.add(h, rng.uniform(max(1.0, h.created + 30), self.span), "cmp",
                     ctx={"honest": True, "template": self.public_template}, tags=tag)

    # ------------------------------------------------------------------ rings

    def make_template(self, base=None):
        rng = self.rng
        if base is not None:  # another ring's template with its own header and footer
            return {"header": rng.randrange(len(T.COMPLAINT_HEADERS)), "clauses": list(base["clauses"]),
                    "footer": rng.randrange(len(T.COMPLAINT_FOOTERS)), "rate": base["rate"]}
        return {"header": rng.randrange(len(T.COMPLAINT_HEADERS)),
                "clauses": rng.sample(range(len(T.MISSELLING_CLAUSES)), rng.randint(4, 7)),
                "footer": rng.randrange(len(T.COMPLAINT_FOOTERS)), "rate": rng.choice([4, 4.5, 5, 6, 8, 10])}

    def ring_size(self, kind):
        rng = self.rng
        if kind == "large_mixed":
            size = loguniform(rng, 90, 300)
        else:
            r = rng.random()
            size = rng.randint(8, 15) if r < 0.45 else rng.randint(15, 45) if r < 0.85 else loguniform(rng, 45, 130)
        return int(size * self.p["ring_size_scale"])

    RING_PROBS = {
        # phone, address, bank, email, representative, ring payout, complaint, surrender
        "phone_takeover": (0.95, 0.05, 0.10, 0.20, 0.05, 0.10, 0.25, 0.85),
        "slow_address": (0.25, 0.95, 0.05, 0.05, 0.10, 0.05, 0.60, 0.60),
        "representative": (0.40, 0.10, 0.10, 0.05, 0.92, 0.15, 0.60, 0.75),
        "payout_accounts": (0.50, 0.05, 0.60, 0.10, 0.10, 0.92, 0.30, 0.90),
        "template_complaints": (0.60, 0.20, 0.05, 0.10, 0.30, 0.10, 0.95, 0.50),
        "terminated_agent": (0.70, 0.10, 0.15, 0.05, 0.30, 0.20, 0.60, 0.80),
        "shared_representative": (0.35, 0.15, 0.10, 0.05, 0.90, 0.20, 0.60, 0.75),
        "large_mixed": (0.60, 0.30, 0.30, 0.10, 0.40, 0.30, 0.60, 0.70),
    }

    def plan_rings(self):
        rng, p = self.rng, self.p
        n_rings = max(4, int(round(self.n / 10000 * p["rings_per_10k"])))
        kinds = []
        if n_rings >= len(RING_KINDS) + 1:
            kinds = list(RING_KINDS)
            rng.shuffle(kinds)
        # Very large rings are rare: their kind gets a smaller share.
        picker = Picker(RING_KINDS, [w * (0.25 if k == "large_mixed" else 1.0)
                                     for k, w in zip(RING_KINDS, p["ring_kind_weights"])])
        max_large = max(1, self.n // 50000)
        while len(kinds) < n_rings:
            kind = picker.pick(rng)
            if kind != "large_mixed" or kinds.count(kind) < max_large:
                kinds.append(kind)
        budget = int(self.n * 0.05)
        templates = []
        for kind in kinds:
            size = self.ring_size(kind)
            if kind == "large_mixed":
                size = min(size, max(60, int(self.n * 0.008)))
            size = min(size, budget)
            if size < 8:
                break
            ring = None
            for _ in range(4):  # a kind can fail to find victims (e.g. no suitable terminated agent)
                ring = self.new_ring(kind, size, templates)
                if ring is not None:
                    break
            if ring is None:
                continue
            budget -= len(ring.victims)
            if kind == "shared_representative" and budget >= 8:
                # Its twin: its own victims, phones and accounts, but the same representative.
                twin = self.new_ring(kind, min(budget, self.ring_size(kind)), templates, shared_rep=ring.reps[0])
                if twin is not None:
                    budget -= len(twin.victims)

    def ring_window(self, kind):
        rng = self.rng
        dur = {"phone_takeover": (20, 150), "slow_address": (360, 540), "representative": (60, 300),
               "payout_accounts": (30, 240), "template_complaints": (60, 360), "terminated_agent": (60, 300),
               "shared_representative": (60, 300), "large_mixed": (420, 720)}[kind]
        d = min(rng.uniform(*dur) * self.p["ring_duration_scale"], self.span - 150)
        s = rng.uniform(90, self.span - d - 30)
        return s, d

    def eligible(self, h, day):
        if h.ring is not None or h.victim_day is not None or h.created > day - 120:
            return False
        return any(pol.issued < day - 90 and (pol.lapse_day is None or pol.lapse_day > day) for pol in h.policies)

    def new_ring(self, kind, size, templates, shared_rep=None):
        rng, p = self.rng, self.p
        ring = Ring()
        ring.idx, ring.kind = len(self.rings), kind
        ring.start, ring.duration = self.ring_window(kind)
        ring.agent, ring.colluder = None, None
        candidates = None
        if kind == "terminated_agent":
            agents = [a for a in self.agents if a.term is not None and 30 < a.term < self.span - 200
                      and len(a.clients) >= 10]
            if not agents:
                return None
            ring.agent = rng.choice(agents)
            ring.start = ring.agent.term + rng.uniform(10, 120)
            ring.duration = min(ring.duration, self.span - ring.start - 20)
            if ring.duration < 30:
                return None
            candidates = [h for h in ring.agent.clients if self.eligible(h, ring.start)]
            size = min(size, int(len(candidates) * rng.uniform(0.5, 0.95)))
            if size < 8:
                return None
            ring.cities = [ring.agent.branch.city]
        else:
            n_base = rng.randint(2, 5) if kind == "large_mixed" else rng.randint(1, 3)
            ring.cities = []
            while len(ring.cities) < min(n_base, len(self.cities)):
                c = self.city_picker.pick(rng)
                if c not in ring.cities:
                    ring.cities.append(c)
        home = ring.cities[0]
        # Controllers.
        scale = max(1, size // 25)
        ring.phones = [self.new_mobile() for _ in range(min(12, rng.randint(1, 3) + scale - 1))]
        ring.flats = [self.new_flat(rng.choice(ring.cities)) for _ in range(min(5, rng.randint(1, 2) + scale // 2))]
        ring.accounts = [self.new_account() for _ in range(min(6, rng.randint(1, 3) + scale // 2))]
        ring.emails = [self.new_email() for _ in range(rng.randint(1, 2))]
        ring.devices = [self.new_device() for _ in range(min(5, rng.randint(1, 2) + scale // 3))]
        ring.ip = self.home_ip(home) if rng.random() < 0.5 else None  # None: mobile data through carrier NAT
        ring.reps = []
        for _ in range(min(4, rng.randint(1, 2) + scale // 3)):
            if rng.random() < 0.2:
                name = home.name + rng.choice(T.COMPANY_WORDS) + rng.choice(["法律咨询有限公司", "商务咨询有限公司",
                                                                              "维权服务中心"])
                ring.reps.append(Person(name, "", rng.choice(ring.phones)))
            else:
                per = self.person(home)
                if rng.random() < 0.5:
                    per.phone = rng.choice(ring.phones)
                ring.reps.append(per)
        if shared_rep is not None:
            ring.reps[0] = shared_rep
        if kind == "terminated_agent" and rng.random() < 0.35:
            a = ring.agent
            ring.reps.append(Person(a.name, a.id_raw, a.phone))  # the former agent signs as representative
        ring.template = None
        if kind == "template_complaints" or rng.random() < (0.7 if kind == "large_mixed" else 0.2):
            if templates and rng.random() < 0.35:
                ring.template = self.make_template(base=rng.choice(templates))
            else:
                ring.template = self.make_template()
            templates.append(ring.template)
        cw = {"app": rng.uniform(0.2, 0.9), "counter": rng.uniform(0.0, 0.5), "hotline": rng.uniform(0.0, 0.3)}
        if rng.random() < 0.15:
            branch_agents = [a for a in home.branches[0].agents if a.tablet and a.term is None]
            if branch_agents:
                ring.colluder = rng.choice(branch_agents)
                cw["agent"] = rng.uniform(0.2, 0.6)
        ring.channels = Picker(list(cw), list(cw.values()))
        probs = list(self.RING_PROBS[kind])
        ring.probs = [min(1.0, max(0.0, x + rng.uniform(-0.1, 0.1))) for x in probs]
        # Victims: mostly from the ring's base cities, the rest from anywhere; unrelated people, with now and
        # then a victim's relative recruited too.
        victims = []
        tries = 0
        base_share = rng.uniform(0.4, 0.9)
        while len(victims) < size and tries < size * 60:
            tries += 1
            if candidates is not None:
                h = rng.choice(candidates)
            else:
                c = rng.choice(ring.cities) if rng.random() < base_share else self.city_picker.pick(rng)
                if not c.holders:
                    continue
                h = rng.choice(c.holders)
            day = ring.start + rng.uniform(0, ring.duration)
            if not self.eligible(h, ring.start):
                continue
            h.ring, h.victim_day = ring, day
            victims.append(h)
            if h.household and rng.random() < p["victim_household_pairs"]:
                for m in h.household["members"]:
                    if m is not h and len(victims) < size and self.eligible(m, ring.start):
                        m.ring, m.victim_day = ring, day + rng.uniform(0, 3)
                        victims.append(m)
                        break
        if len(victims) < 8:
            for h in victims:
                h.ring, h.victim_day = None, None
            return None
        ring.victims = victims
        self.schedule_ring(ring)
        self.rings.append(ring)
        return ring

    def schedule_ring(self, ring):
        """Give each victim a contact time: batches worked in one sitting, or spread out for slow rings."""
        rng = self.rng
        slow = ring.kind in ("slow_address",)
        if slow:
            for h in ring.victims:
                h.victim_day = ring.start + rng.uniform(0, ring.duration)
            ring.sessions = None
        else:
            n_sessions = max(1, int(math.ceil(len(ring.victims) / rng.uniform(3, 12))))
            evening = rng.random() < 0.5
            days = sorted(int(ring.start + rng.uniform(0, ring.duration)) for _ in range(n_sessions))
            ring.sessions = []
            for d in days:
                hour = rng.uniform(19, 22) if evening else rng.uniform(9, 16)
                ring.sessions.append({"day": d + hour / 24, "device": rng.choice(ring.devices),
                                      "ip": ring.ip or ring.cities[0].nat_pool.pick(rng)})
            for h in ring.victims:
                s = rng.choice(ring.sessions)
                h.victim_day = s["day"] + rng.uniform(0, 0.08)
                h.session = s  # the sitting this victim was worked in

    def plan_ring_actions(self, ring):
        rng = self.rng
        p_phone, p_addr, p_bank, p_email, p_rep, p_payout, p_cmp, p_sur = ring.probs
        lag = {"phone_takeover": (0.1, 21), "slow_address": (30, 300), "representative": (2, 90),
               "payout_accounts": (1, 40), "template_complaints": (20, 120), "terminated_agent": (3, 90),
               "shared_representative": (2, 90), "large_mixed": (1, 200)}[ring.kind]
        lag_scale = self.p["ring_lag_scale"]
        lag = (lag[0] * lag_scale, lag[1] * lag_scale)
        for i, h in enumerate(ring.victims):
            c = h.victim_day
            sess = h.session if ring.sessions else None
            ops = {"ring": ring, "session": sess}
            phone = ring.phones[i * len(ring.phones) // len(ring.victims)]
            flat = ring.flats[i % len(ring.flats)]
            account = rng.choice(ring.accounts)
            rep = ring.reps[0] if rng.random() < 0.7 else rng.choice(ring.reps)
            uses_phone = rng.random() < p_phone
            uses_addr = rng.random() < p_addr
            uses_rep = rng.random() < p_rep
            uses_payout = rng.random() < p_payout
            if uses_phone:
                self.add(h, c, "chg", "phone", value=phone, ctx=dict(ops), ring=ring)
            if uses_addr:
                self.add(h, c + (rng.uniform(0, 2) if sess else 0), "chg", "address", value=flat, ctx=dict(ops),
                         ring=ring)
            if rng.random() < p_bank:
                self.add(h, c + rng.uniform(0, 20), "chg", "bank_account", value=account, ctx=dict(ops), ring=ring)
                uses_payout = True
            if rng.random() < p_email:
                self.add(h, c + rng.uniform(0, 1), "chg", "email", value=rng.choice(ring.emails), ctx=dict(ops),
                         ring=ring)
            r_cmp, r_sur = rng.random() < p_cmp, rng.random() < p_sur
            if not r_cmp and not r_sur and rng.random() < 0.8:
                r_sur = True
            ctx = dict(ops)
            ctx["contact"] = phone if (uses_phone or rng.random() < 0.4) else None
            ctx["rep"] = rep if uses_rep else None
            ctx["sender"] = flat if uses_addr or rng.random() < 0.2 else None
            ctx["payout"] = account if uses_payout else None
            t_cmp = None
            if r_cmp:
                t_cmp = c + rng.uniform(1, lag[1] * 0.6 + 1)
                self.add(h, t_cmp, "cmp", ctx=dict(ctx, template=ring.template), ring=ring)
            if r_sur:
                t = (t_cmp + rng.uniform(10, 60) * lag_scale) if t_cmp is not None and rng.random() < 0.6 \
                    else c + rng.uniform(*lag)
                if ring.kind == "slow_address":
                    t = c + rng.uniform(*lag)
                self.add(h, t, "sur", value=None, ctx=dict(ctx, full_refund=t_cmp is not None and rng.random() < 0.6),
                         ring=ring)
        ring.controllers = {}  # filled as the ring's records are written
        if ring.agent is not None:
            ring.controllers[("agent", ring.agent.aid)] = None

    def ring_values(self, a):
        ctx = a.ctx
        out = []
        if a.kind == "chg":
            v = a.value
            if a.field == "address":
                out.append(("address", self.address_key(v)))
            elif a.field == "bank_account":
                out.append(("bank_account", v[0]))
            else:
                out.append((a.field, v))
        if ctx.get("contact"):
            out.append(("phone", ctx["contact"]))
        if ctx.get("payout"):
            out.append(("bank_account", ctx["payout"][0]))
        if ctx.get("rep") is not None:
            r = ctx["rep"]
            out.append(("representative", r.id_raw or r.name))
        if ctx.get("sender"):
            out.append(("address", self.address_key(ctx["sender"])))
        return out

    # ------------------------------------------------------------------ emission

    def honest_ctx(self, h, day, channel):
        rng, p = self.rng, self.p
        if channel == "counter":
            b = h.branch if rng.random() < 0.9 else h.city.branches_picker.pick(rng)
            dev = rng.choice(b.terminals) if rng.random() < p["counter_device_recorded"] else ""
            return dev, b.office_ip
        if channel in ("app", "wechat", "web"):
            dev = h.device if channel != "web" else ""
            r = rng.random()
            if r < p["app_on_branch_wifi"]:
                return dev, h.branch.wifi_ip
            if r < p["app_on_branch_wifi"] + p["app_via_carrier_nat"]:
                if self.nat_national and rng.random() < 0.2:
                    return dev, rng.choice(self.nat_national)
                return dev, h.city.nat_pool.pick(rng)
            return dev, self.home_ip(h.city)
        if channel == "agent":
            a = self.servicing_agent(h, day) or h.agent
            dev = a.tablet or ""
            ip = a.branch.office_ip if rng.random() < 0.4 else a.branch.city.nat_pool.pick(rng)
            return dev, ip
        if p["hotline_device_recorded"]:
            return rng.choice(self.call_center), self.call_center_ip
        return "", ""

    def ring_ctx(self, h, a):
        rng = self.rng
        ring, sess = a.ctx["ring"], a.ctx.get("session")
        ch = ring.channels.pick(rng)
        if ch == "app":
            if rng.random() < 0.25 and h.device:
                return "app", h.device, (sess["ip"] if sess else self.home_ip(h.city))  # coached on own phone
            if sess:
                return "app", sess["device"], sess["ip"]
            return "app", rng.choice(ring.devices), ring.ip or ring.cities[0].nat_pool.pick(rng)
        if ch == "counter":  # the victim is walked into a branch
            b = h.branch if rng.random() < 0.6 else ring.cities[0].branches[0]
            return "counter", rng.choice(b.terminals), b.office_ip
        if ch == "agent" and ring.colluder:
            return "agent", ring.colluder.tablet, ring.colluder.branch.office_ip
        dev, ip = self.honest_ctx(h, a.day, "hotline")
        return "hotline", dev, ip

    def note_infra(self, h, *values):
        for v in values:
            key = self.infra.get(v)
            if key is not None:
                self.decoys[key]["holders"][h.idx] = None

    def emit_holder(self, h):
        rng = self.rng
        h.actions.sort(key=lambda a: (a.day, a.seq))
        phone, addr, addr_raw, account, email = h.phone, h.addr, h.addr_raw, h.account, h.email
        for a in h.actions:
            if a.day < 0 or a.day > self.span:
                continue
            honest = a.ring is None
            if honest and h.victim_day is not None and a.day >= h.victim_day:
                continue
            if a.tags:
                for key, kind, label in a.tags:
                    self.tag(key, kind, label, h)
            if honest:
                channel = a.ctx.get("channel") or self.pick_channel(h, a.day)
                dev, ip = self.honest_ctx(h, a.day, channel)
            else:
                channel, dev, ip = self.ring_ctx(h, a)
            sess = a.ctx.get("session") if not honest else None
            if not (sess and channel == "app" and math.floor(sess["day"]) == math.floor(a.day)):
                a.day = self.clock(a.day, channel)
            self.note_infra(h, dev, ip)
            if not honest:
                self.activated.add(h.idx)
                for item in self.ring_values(a):
                    a.ring.controllers[item] = None
                if dev in a.ring.devices:
                    a.ring.controllers[("device", dev)] = None
                if ip and ip == a.ring.ip:
                    a.ring.controllers[("ip", ip)] = None
            if a.kind == "chg":
                field = a.field
                if field == "phone":
                    new = a.value or self.new_mobile()
                    if new == phone:
                        continue
                    self.records["contact_changes"].append((a.day, h, a, field, phone, new, channel, ip, dev))
                    self.note_infra(h, new)
                    phone = new
                elif field == "address":
                    v = a.value
                    if v is None:
                        new_addr = self.new_home(h.city) if rng.random() < 0.85 else self.new_home(
                            self.city_picker.pick(rng))
                        text = self.address_text(new_addr)
                    elif isinstance(v, tuple) and len(v) == 2:
                        new_addr, text = v
                    else:
                        new_addr, text = v, self.address_text(v)
                    self.records["contact_changes"].append((a.day, h, a, field, addr_raw, text, channel, ip, dev))
                    addr, addr_raw = new_addr, text
                elif field == "bank_account":
                    new = a.value or self.new_account()
                    self.records["contact_changes"].append((a.day, h, a, field, account, new, channel, ip, dev))
                    account = new
                else:
                    new = a.value or self.new_email()
                    self.records["contact_changes"].append((a.day, h, a, field, email or "", new, channel, ip, dev))
                    email = new
            elif a.kind == "sur":
                pols = [a.value] if a.value is not None else [
                    pol for pol in h.policies if not pol.surrendered and pol.issued < a.day - 30]
                if not honest and pols and rng.random() < 0.5:
                    pols = pols[:1]
                for pol in pols:
                    if pol.status != "in_force" or (pol.lapse_day is not None and pol.lapse_day < a.day):
                        continue
                    pol.surrendered = True
                    contact = a.ctx.get("contact") or self.honest_contact(h, a.day, channel, phone)
                    payout = a.ctx.get("payout") or account
                    self.note_infra(h, contact)
                    status = "paid"
                    if a.day > self.span - 12 and rng.random() < 0.7:
                        status = "pending"
                    elif rng.random() < (0.08 if not honest else 0.02):
                        status = "rejected"
                    if status == "paid":
                        pol.status = "surrendered"
                    amount = self.surrender_amount(pol, a.day, a.ctx.get("full_refund"))
                    self.records["surrender_requests"].append(
                        (a.day, h, a, pol, amount,
                         contact, payout, a.ctx.get("rep"), channel, ip, dev, status))
            else:
                pol = rng.choice(h.policies)
                cch = self.complaint_channel(honest)
                contact = a.ctx.get("contact") or self.honest_contact(h, a.day, "hotline", phone)
                self.note_infra(h, contact)
                sender = a.ctx.get("sender")
                sender_text = self.address_text(sender) if sender else (addr_raw if cch == "letter" or
                                                                          rng.random() < 0.3 else "")
                rep = a.ctx.get("rep")
                if honest and rep is None and rng.random() < 0.01:
                    rep = self.person(h.city)  # a lawyer or relative writes for them
                self.records["complaints"].append((a.day, h, a, pol, cch, contact, sender_text, rep, phone))
        h.state = (phone, addr, addr_raw, account, email)

    def clock(self, day, channel):
        """A time of day that fits the channel: counters and agents work office hours, apps run late."""
        rng = self.rng
        if channel in ("counter", "agent"):
            hour = rng.uniform(9, 17.5)
        elif channel == "hotline":
            hour = rng.uniform(8, 21)
        else:
            r = rng.random()
            hour = rng.uniform(0, 7) if r < 0.05 else rng.uniform(19, 23.9) if r < 0.4 else rng.uniform(7, 19)
        return math.floor(day) + hour / 24

    def honest_contact(self, h, day, channel, phone):
        rng, p = self.rng, self.p
        r = rng.random()
        if r < p["hotline_typed_as_contact"]:
            return self.hotlines[0] if rng.random() < 0.7 else self.hotlines[1]
        if channel == "counter" and r < p["hotline_typed_as_contact"] + p["branch_line_typed_as_contact"]:
            return h.branch.landline
        if channel == "agent":
            a = self.servicing_agent(h, day)
            if a is not None and a.own_phone_rate and rng.random() < a.own_phone_rate:
                self.tag(("agent_own_phone", a.aid), "agent_own_phone", a.aid, h,
                         [{"type": "phone", "value": a.phone}])
                return a.phone
        return phone

    def complaint_channel(self, honest):
        r = self.rng.random()
        if honest:
            return "hotline" if r < 0.45 else "online" if r < 0.7 else "regulator" if r < 0.9 else "letter"
        return "regulator" if r < 0.6 else "letter" if r < 0.8 else "hotline" if r < 0.9 else "online"

    def surrender_amount(self, pol, day, full_refund):
        years = max(0.0, (day - pol.issued) / 365.0)
        paid = pol.premium * (1 if pol.product.single else min(pol.pay_years, int(years) + 1))
        if full_refund:
            return round(paid, 2)
        if pol.product.single:
            factor = min(1.12, 0.82 + 0.035 * years)
        else:
            factor = min(1.05, 0.12 + 0.16 * years)
        return round(paid * factor * self.rng.uniform(0.97, 1.03), 2)

    # ------------------------------------------------------------------ text

    def complaint_text(self, h, pol, template, phone):
        rng = self.rng
        year = (self.start + timedelta(days=pol.issued)).year
        if template is None:
            parts = [rng.choice(T.HONEST_OPENERS), rng.choice(T.HONEST_ISSUES)]
            if rng.random() < 0.3:
                parts.append("，" + rng.choice(T.HONEST_ISSUES))
            parts.append("。" + rng.choice(T.HONEST_CLOSERS))
            return "".join(parts).format(year=year, product=pol.product.name, policy=pol.pid)
        clauses = list(template["clauses"])
        if rng.random() < 0.15 and len(clauses) > 3:
            clauses.pop(rng.randrange(len(clauses)))
        if rng.random() < 0.15:
            i = rng.randrange(len(clauses) - 1)
            clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
        amount = "%.2f" % (pol.premium * (1 if pol.product.single else rng.randint(2, 6)))
        issued = (self.start + timedelta(days=pol.issued)).strftime("%Y年%m月%d日")
        body = [T.COMPLAINT_HEADERS[template["header"]].format(company=self.insurer_name),
                "本人%s，于%s投保%s（保单号：%s）。经了解，存在以下问题：" % (h.name, issued, pol.product.name, pol.pid)]
        for k, ci in enumerate(clauses):
            body.append("%s、%s；" % (cn_number(k + 1), T.MISSELLING_CLAUSES[ci].format(rate=template["rate"])))
        body.append(T.COMPLAINT_FOOTERS[template["footer"]].format(amount=amount, phone=phone))
        text = ("\n" if rng.random() < 0.5 else "").join(body)
        if rng.random() < 0.3:  # a typing slip or two
            i = rng.randrange(len(text))
            text = text[:i] + text[i + 1:]
        if rng.random() < 0.2:
            text = text.replace("，", ",")
        return text

    # ------------------------------------------------------------------ formatting

    def fmt_phone(self, number):
        rng = self.rng
        if not number:
            return ""
        if len(number) == 11 and number[0] == "1":
            f = self.phone_fmt.pick(rng)
            a, b, c = number[:3], number[3:7], number[7:]
            s = [number, "+86 " + number, "+86-%s-%s-%s" % (a, b, c), "%s %s %s" % (a, b, c), "%s-%s-%s" % (a, b, c),
                 "0086" + number, "86" + number, "(+86)" + number, number][f]
            if f == 8 or rng.random() < 0.02:
                s = s.translate(FULL_WIDTH)
            return s
        if number[0] == "0":
            area = self.area_len(number)
            f = self.landline_fmt.pick(rng)
            a, b = number[:area], number[area:]
            return [a + "-" + b, "(%s)%s" % (a, b), a + " " + b, number, "%s-%s %s" % (a, b[:4], b[4:])][f]
        if number.startswith("400") and rng.random() < 0.5:
            return "%s-%s-%s" % (number[:3], number[3:6], number[6:])
        return number

    @staticmethod
    def area_len(number):
        return 3 if number[:3] in ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029") else 4

    def fmt_account(self, account):
        if account is None:
            return ""
        acct = account[0]
        if self.rng.random() < self.p["account_spaced_share"]:
            return " ".join(acct[i:i + 4] for i in range(0, len(acct), 4))
        return acct

    def fmt_money(self, amount):
        s = "%.2f" % amount
        return s if self.rng.random() < 0.75 else (s.rstrip("0").rstrip(".") or "0")

    def fmt_time(self, day, style, date_only=False):
        t = self.start + timedelta(days=day)
        if date_only:
            return t.strftime("%Y-%m-%d")
        if style == "mixed":
            style = self.rng.choice(["date_time", "date_time_offset", "date"])
        if style == "date":
            return t.strftime("%Y-%m-%d")
        s = t.strftime("%Y-%m-%dT%H:%M:%S")
        return s + "+08:00" if style == "date_time_offset" else s

    def maybe_break(self, row, date_field, key_field, honest):
        """A few honest rows come out unusable, as in any real extract; they must land in quarantine."""
        if not honest or self.rng.random() >= self.p["bad_row_rate"]:
            return row
        self.stats["bad_rows"] += 1
        r = self.rng.random()
        if r < 0.5:
            v = row[date_field]
            row[date_field] = v[:10].replace("-", "/") if v else "N/A"
        elif r < 0.8:
            row[date_field] = "%s年%d月" % (row[date_field][:4], self.rng.randint(1, 12))
        else:
            row[key_field] = ""
        return row

    # ------------------------------------------------------------------ run

    def generate(self):
        rng = self.rng
        t0 = time.time()
        self.build_geography()
        self.build_products()
        self.build_agents()
        for a in self.agents:
            a.orphan_effect = rng.random() < self.p["orphan_effect_share"]
        self.build_holders()
        w = self.p["channel_weights"]
        self.channel_picker = Picker(list(w), list(w.values()))
        self.phone_fmt = Picker(range(9), self.p["phone_formats"])
        self.landline_fmt = Picker(range(5), self.p["landline_formats"])
        # Policy ids in issue order.
        pols = [pol for h in self.holders for pol in h.policies]
        pols.sort(key=lambda x: (x.issued, x.holder.idx))
        base = rng.randrange(10 ** 6, 10 ** 8)
        for i, pol in enumerate(pols):
            pol.pid = self.p["id_styles"]["policy"].format(base + i * 2 + rng.randrange(2))
        self.policies = pols
        self.plan_rings()
        for ring in self.rings:
            self.plan_ring_actions(ring)
        self.plan_family_events()
        self.plan_employer_events()
        for h in self.holders:
            self.plan_honest(h)
        self.plan_diy_template()
        for h in self.holders:
            self.emit_holder(h)
        self.timing = {"model_s": round(time.time() - t0, 1)}

    def write(self, out_dir, truth_path):
        t0 = time.time()
        os.makedirs(out_dir, exist_ok=True)
        self.write_csvs(out_dir)
        self.write_truth(truth_path)
        self.timing["write_s"] = round(time.time() - t0, 1)

    def open_csv(self, out_dir, name, columns):
        rng, p = self.rng, self.p
        cols = list(columns)
        rng.shuffle(cols)
        f = open(os.path.join(out_dir, name + ".csv"), "w", encoding="utf-8-sig" if p["bom"][name] else "utf-8",
                 newline="")
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\r\n" if p["crlf"] else "\n")
        w.writeheader()
        return f, w

    def write_csvs(self, out_dir):
        rng, p = self.rng, self.p
        snapshot_current = p["snapshot"] == "current"
        extra_gender = rng.random() < 0.5
        cols = ["holder_id", "name", "id_number", "phone", "address", "city", "created_at"]
        if extra_gender:
            cols.append("gender")
        f, w = self.open_csv(out_dir, "policyholders", cols)
        for h in self.holders:
            phone, _, addr_raw, _, _ = h.state if snapshot_current else (h.reg_phone, None, h.reg_addr_raw, 0, 0)
            city_text = "" if rng.random() < 0.03 else (h.city.name + ("市" if rng.random() < 0.5 else ""))
            row = {"holder_id": h.hid, "name": h.name, "id_number": h.id_raw, "phone": self.fmt_phone(phone),
                   "address": addr_raw, "city": city_text, "created_at": self.fmt_time(h.created, "date", True)}
            if extra_gender:
                row["gender"] = "男" if h.male else "女"
            w.writerow(row)
        f.close()

        f, w = self.open_csv(out_dir, "agents", ["agent_id", "name", "phone", "id_number", "org", "status",
                                                 "hired_at", "terminated_at"])
        for a in self.agents:
            terminated = a.term is not None and a.term <= self.span
            w.writerow({"agent_id": a.aid, "name": a.name, "phone": self.fmt_phone(a.phone), "id_number": a.id_raw,
                        "org": a.branch.name, "status": "terminated" if terminated else "active",
                        "hired_at": self.fmt_time(a.hired, "date", True),
                        "terminated_at": self.fmt_time(a.term, "date", True) if terminated else ""})
        f.close()

        extra_years = rng.random() < 0.5
        cols = ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status"]
        if extra_years:
            cols.append("payment_years")
        f, w = self.open_csv(out_dir, "policies", cols)
        for pol in self.policies:
            status = pol.status
            if status == "in_force" and pol.lapse_day is not None and pol.lapse_day <= self.span:
                status = "lapsed"
            row = {"policy_id": pol.pid, "holder_id": pol.holder.hid, "agent_id": pol.agent.aid,
                   "product": pol.product.name, "premium": self.fmt_money(pol.premium), "issued_at": self.fmt_time(pol.issued, "date", True), "status": status}
            if extra_years:
                row["payment_years"] = pol.pay_years
            w.writerow(row)
        f.close()

        style = p["date_styles"]
        recs = self.records["contact_changes"]
        recs.sort(key=lambda r: (r[0], r[1].idx))
        f, w = self.open_csv(out_dir, "contact_changes", ["change_id", "holder_id", "policy_id", "field", "old_value",
                                                          "new_value", "changed_at", "channel", "ip", "device_id"])
        base = rng.randrange(10 ** 5, 10 ** 7)
        for i, (day, h, a, field, old, new, channel, ip, dev) in enumerate(recs):
            if field == "phone":
                old_s, new_s = self.fmt_phone(old), self.fmt_phone(new)
            elif field == "bank_account":
                old_s, new_s = self.fmt_account(old), self.fmt_account(new)
            else:
                old_s, new_s = old or "", new
            pol = h.policies[0].pid if rng.random() < 0.6 else ""
            row = {"change_id": "CHG%09d" % (base + i), "holder_id": h.hid, "policy_id": pol, "field": field,
                   "old_value": old_s, "new_value": new_s, "changed_at": self.fmt_time(day, style["contact_changes"]),
                   "channel": channel, "ip": ip, "device_id": dev}
            w.writerow(self.maybe_break(row, "changed_at", "change_id", a.ring is None and not a.tags))
        f.close()

        recs = self.records["surrender_requests"]
        recs.sort(key=lambda r: (r[0], r[1].idx))
        f, w = self.open_csv(out_dir, "surrender_requests", [
            "request_id", "policy_id", "holder_id", "requested_at", "amount", "contact_phone", "payout_account",
            "payout_bank", "representative_name", "representative_id_number", "representative_phone", "channel",
            "ip", "device_id", "status"])
        base = rng.randrange(10 ** 5, 10 ** 7)
        for i, (day, h, a, pol, amount, contact, payout, rep, channel, ip, dev, status) in enumerate(recs):
            row = {"request_id": "SR%010d" % (base + i), "policy_id": pol.pid, "holder_id": h.hid,
                   "requested_at": self.fmt_time(day, style["surrender_requests"]),
                   "amount": self.fmt_money(amount),
                   "contact_phone": self.fmt_phone(contact), "payout_account": self.fmt_account(payout),
                   "payout_bank": rng.choice(payout[1]) if payout else "",
                   "representative_name": rep.name if rep else "",
                   "representative_id_number": rep.id_raw if rep else "",
                   "representative_phone": self.fmt_phone(rep.phone) if rep else "",
                   "channel": channel, "ip": ip, "device_id": dev, "status": status}
            w.writerow(self.maybe_break(row, "requested_at", "request_id", a.ring is None and not a.tags))
        f.close()

        recs = self.records["complaints"]
        recs.sort(key=lambda r: (r[0], r[1].idx))
        f, w = self.open_csv(out_dir, "complaints", [
            "complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone", "sender_address",
            "representative_name", "representative_id_number", "representative_phone", "demand", "text"])
        base = rng.randrange(10 ** 5, 10 ** 7)
        for i, (day, h, a, pol, cch, contact, sender, rep, phone) in enumerate(recs):
            template = a.ctx.get("template")
            shown_phone = contact or phone
            text = self.complaint_text(h, pol, template, self.fmt_phone(shown_phone))
            demand = rng.choice(["全额退保", "退还全部保费", "全额退还保费"]) if (template or a.ring) else \
                rng.choice(T.HONEST_DEMANDS)
            row = {"complaint_id": "CP%08d" % (base + i), "policy_id": pol.pid, "holder_id": h.hid,
                   "filed_at": self.fmt_time(day, style["complaints"]), "channel": cch,
                   "contact_phone": self.fmt_phone(contact), "sender_address": sender,
                   "representative_name": rep.name if rep else "",
                   "representative_id_number": rep.id_raw if rep else "",
                   "representative_phone": self.fmt_phone(rep.phone) if rep else "",
                   "demand": demand, "text": text}
            w.writerow(self.maybe_break(row, "filed_at", "complaint_id", a.ring is None and not a.tags))
        f.close()

    def write_truth(self, path):
        # A victim counts once the ring left a record on them (a planned surrender can find no policy left).
        victims = self.activated
        groups = []
        for r in self.rings:
            members = [h for h in r.victims if h.idx in victims]
            ctrl = [{"type": t, "value": v} for t, v in r.controllers]
            days = sorted(a.day for h in members for a in h.actions if a.ring is r)
            groups.append({"group_id": "ring-%03d" % (r.idx + 1), "type": "ring", "kind": r.kind,
                           "holders": [h.hid for h in members], "controllers": ctrl,
                           "cities": sorted({h.city.name for h in members}),
                           "first_seen": self.fmt_time(days[0], "date", True) if days else None,
                           "last_seen": self.fmt_time(min(days[-1], self.span), "date", True) if days else None})
        n = 0
        for d in self.decoys.values():
            members = [self.holders[i].hid for i in d["holders"] if i not in victims]
            if len(members) < (2 if d["kind"] in ("family",) else 5):
                continue
            n += 1
            groups.append({"group_id": "decoy-%04d" % n, "type": "decoy", "kind": d["kind"], "label": d["label"],
                           "holders": members, "controllers": d["controllers"]})
        truth = {"seed": self.seed, "holders": self.n, "generator": GENERATOR, "params": self.p,
                 "counts": {k: len(v) for k, v in self.records.items()}, "bad_rows": self.stats["bad_rows"],
                 "groups": groups}
        d = os.path.dirname(os.path.abspath(path))
        os.makedirs(d, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--holders", type=int, required=True, help="number of policyholders (at least 2,000)")
    ap.add_argument("--seed", type=int, required=True, help="seed: every parameter and record follows from it")
    ap.add_argument("--out", required=True, help="folder for the CSV files (created)")
    ap.add_argument("--truth", required=True, help="ground-truth JSON (keep it outside the data folder)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a drawn parameter, e.g. rings_per_10k=25 or change_rate_yr.phone=0.3 (repeatable): "
                         "insurers outside the ranges the seeds draw from")
    args = ap.parse_args(argv)
    if args.holders < 2000:
        ap.error("--holders must be at least 2000 (rings need a book to hide in)")
    t0 = time.time()
    try:
        ins = Insurer(args.seed, args.holders, args.set)
    except ValueError as e:
        ap.error(str(e))
    ins.generate()
    ins.write(args.out, args.truth)
    rings = len(ins.rings)
    victims = sum(len(r.victims) for r in ins.rings)
    print("seed %d: %d holders, %d policies, %d changes, %d surrenders, %d complaints; %d rings (%d victims); %.1f s"
          % (args.seed, len(ins.holders), len(ins.policies), len(ins.records["contact_changes"]),
             len(ins.records["surrender_requests"]), len(ins.records["complaints"]), rings, victims,
             time.time() - t0))


if __name__ == "__main__":
    main()

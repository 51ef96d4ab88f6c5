#!/usr/bin/env python3
"""insurer-c: an independent synthetic life insurer with agent-refund (代理退保) rings
and honest look-alike structures.  Standard library only.

Usage:
  python3 generate.py --holders 20000 --seed 7 --out DIR/data --truth DIR/truth.json
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import sys

# ----------------------------------------------------------------------------- reference data

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美兰霞平刚桂英玉兰文辉建国建华志强秀珍红梅海燕永明凤英"
         "德明淑珍丽华国平宏伟晓东春梅金凤玉珍振华卫东小红子涵浩然欣怡梓轩雨萱宇航思远佳琪俊杰")

# (province, city, short, area-code for id numbers, landline area code, districts, roads, compounds)
CITIES = [
    ("", "北京市", "北京", "110105", "010", ["朝阳区", "海淀区", "丰台区", "东城区"],
     ["建国路", "中关村大街", "西四环中路", "安定路", "左家庄北里"], ["远洋", "万科", "金隅", "首开", "华润"]),
    ("", "上海市", "上海", "310104", "021", ["徐汇区", "浦东新区", "闵行区", "静安区"],
     ["漕溪北路", "张杨路", "莘松路", "共和新路", "龙华西路"], ["汇翠", "锦绣", "金桥", "古美", "明珠"]),
    ("广东省", "广州市", "广州", "440106", "020", ["天河区", "白云区", "海珠区", "番禺区"],
     ["天河北路", "广园中路", "江南大道", "市桥路", "黄埔大道"], ["丽江", "碧桂园", "保利", "祈福", "越秀"]),
    ("广东省", "深圳市", "深圳", "440304", "0755", ["福田区", "南山区", "宝安区", "龙岗区"],
     ["深南大道", "南海大道", "宝安大道", "龙岗大道", "新洲路"], ["华侨城", "桃源", "万科城", "星河", "中海"]),
    ("浙江省", "杭州市", "杭州", "330106", "0571", ["西湖区", "拱墅区", "滨江区", "余杭区"],
     ["文三路", "莫干山路", "江南大道", "文一西路", "古墩路"], ["华星", "嘉绿", "东方郡", "西溪", "闲林"]),
    ("江苏省", "南京市", "南京", "320106", "025", ["鼓楼区", "玄武区", "江宁区", "秦淮区"],
     ["中山北路", "龙蟠路", "双龙大道", "中华路", "汉中路"], ["金陵", "翠屏", "东方", "银城", "朗诗"]),
    ("四川省", "成都市", "成都", "510107", "028", ["武侯区", "锦江区", "金牛区", "成华区"],
     ["人民南路", "春熙路", "一环路北", "建设路", "红星路"], ["锦城", "蓝光", "南苑", "棕榈", "中铁"]),
    ("湖北省", "武汉市", "武汉", "420106", "027", ["武昌区", "洪山区", "江汉区", "汉阳区"],
     ["中北路", "珞喻路", "解放大道", "汉阳大道", "徐东大街"], ["东湖", "光谷", "百步亭", "楚天", "南湖"]),
    ("河南省", "郑州市", "郑州", "410105", "0371", ["金水区", "二七区", "中原区", "管城区"],
     ["花园路", "大学路", "建设西路", "紫荆山路", "经三路"], ["绿城", "建业", "正商", "康桥", "名门"]),
    ("山东省", "济南市", "济南", "370102", "0531", ["历下区", "市中区", "槐荫区", "天桥区"],
     ["经十路", "泉城路", "英雄山路", "纬二路", "北园大街"], ["鲁能", "舜耕", "阳光", "泉景", "绿地"]),
    ("湖南省", "长沙市", "长沙", "430104", "0731", ["岳麓区", "芙蓉区", "天心区", "雨花区"],
     ["麓山路", "五一大道", "芙蓉中路", "劳动路", "韶山路"], ["湘江", "中隆", "潇湘", "恒大", "金色"]),
    ("河北省", "石家庄市", "石家庄", "130102", "0311", ["长安区", "桥西区", "新华区", "裕华区"],
     ["中山路", "建设大街", "裕华路", "槐安路", "和平路"], ["燕港", "润江", "天山", "卓达", "荣盛"]),
]
CITY_WEIGHTS = [12, 11, 10, 10, 9, 8, 9, 8, 7, 6, 6, 4]

PRODUCTS = [  # name, premium low, high, category
    ("福寿年年终身寿险", 3000, 30000, "whole_life"),
    ("金玉满堂两全保险(分红型)", 5000, 50000, "endowment"),
    ("鑫享未来年金保险", 10000, 100000, "annuity"),
    ("安康无忧重大疾病保险", 2000, 15000, "critical"),
    ("乐享人生万能型终身寿险", 5000, 80000, "universal"),
    ("少儿成长教育年金", 3000, 20000, "annuity"),
    ("银发安康护理保险", 2000, 12000, "care"),
    ("稳盈宝两全保险", 10000, 200000, "endowment"),
]

BANKS = [("工商银行", "622202"), ("建设银行", "621700"), ("农业银行", "622848"), ("中国银行", "621661"),
         ("招商银行", "622588"), ("交通银行", "622262"), ("邮储银行", "621799"), ("农村商业银行", "622319")]

MOBILE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                 "156", "157", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187",
                 "188", "189", "191", "195", "198", "199"]

EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "139.com", "foxmail.com"]

NOW = dt.datetime(2026, 6, 30, 18, 0, 0)
FW = str.maketrans("0123456789-", "０１２３４５６７８９－")

# ----------------------------------------------------------------------------- helpers


def luhn_complete(body):
    digits = [int(c) for c in body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def id_check(body17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * wi for c, wi in zip(body17, w))
    return "10X98765432"[s % 11]


class Gen:
    def __init__(self, holders, seed):
        self.n = holders
        self.seed = seed
        self.r = random.Random(seed)
        self.params = {}
        self.used_phones = set()
        self.used_ids = set()
        self.used_accounts = set()
        self.holders = []      # dict rows + state
        self.agents = []
        self.policies = []
        self.changes = []
        self.surrenders = []
        self.complaints = []
        self.groups = []
        self.in_group = set()  # holders already planted in a ring or decoy
        self.bad = {}
        self.cc = 0
        self.sc = 0
        self.mc = 0

    # --------------------------------------------------------------- primitive values
    def mobile(self):
        r = self.r
        while True:
            p = r.choice(MOBILE_PREFIX) + "%08d" % r.randrange(10 ** 8)
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def landline(self, city):
        area = city[4]
        n = 8 if len(area) == 3 else 7 + (self.r.random() < 0.7)
        while True:
            p = area + "-" + str(self.r.randint(2, 8)) + "".join(str(self.r.randrange(10)) for _ in range(n - 1))
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def fmt_phone(self, p, messy=None):
        """Write a phone as a clerk or customer might."""
        r = self.r
        if messy is None:
            messy = self.params["p_messy_phone"]
        if p.startswith("400-"):  # national service number
            return p if r.random() >= messy else p.replace("-", "")
        if "-" in p:  # landline
            x = r.random()
            if x < messy * 0.4:
                return "(" + p.replace("-", ")")
            if x < messy:
                return p.replace("-", "")
            return p
        if r.random() >= messy:
            return p
        k = r.randrange(6)
        if k == 0:
            return "+86 " + p
        if k == 1:
            return "+86-%s-%s-%s" % (p[:3], p[3:7], p[7:])
        if k == 2:
            return "%s %s %s" % (p[:3], p[3:7], p[7:])
        if k == 3:
            return "%s-%s-%s" % (p[:3], p[3:7], p[7:])
        if k == 4:
            return "0086" + p
        return "86 " + p

    def id_number(self, city, birth):
        while True:
            body = city[3] + birth.strftime("%Y%m%d") + "%03d" % self.r.randrange(1000)
            v = body + id_check(body)
            if v not in self.used_ids:
                self.used_ids.add(v)
                return v

    def fmt_id(self, v):
        r = self.r
        x = r.random()
        if x < 0.004:  # legacy 15-digit
            return v[:6] + v[8:17]
        if x < 0.006:  # typo: invalid
            return v[:10] + str((int(v[10]) + 1) % 10) + v[11:]
        if v.endswith("X") and r.random() < 0.3:
            return v[:-1] + "x"
        return v

    def account(self, bank=None):
        r = self.r
        if bank is None:
            bank = r.choice(BANKS)
        while True:
            ln = r.choice([16, 19, 19, 19])
            body = bank[1] + "".join(str(r.randrange(10)) for _ in range(ln - 7))
            a = luhn_complete(body)
            if a not in self.used_accounts:
                self.used_accounts.add(a)
                return a, bank[0]

    def fmt_account(self, a):
        x = self.r.random()
        if x < 0.05:
            return " ".join(a[i:i + 4] for i in range(0, len(a), 4))
        return a

    def name(self, surname=None):
        r = self.r
        s = surname or r.choice(SURNAMES)
        if r.random() < 0.55:
            return s + r.choice(GIVEN) + r.choice(GIVEN)
        return s + r.choice(GIVEN)

    def email(self, name_hint=None):
        r = self.r
        if r.random() < 0.5:
            local = str(r.randrange(10 ** 7, 10 ** 10))
        else:
            local = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(4, 8))) + str(r.randrange(100))
        return local + "@" + r.choice(EMAIL_DOMAINS)

    def address(self, city, kind="flat"):
        r = self.r
        a = {"prov": city[0], "city": city[1], "short": city[2], "dist": r.choice(city[5]),
             "road": r.choice(city[6]), "num": r.randint(1, 999), "comp": r.choice(city[7]) + r.choice(["花园", "苑", "家园", "新村", "公馆", "小区"]),
             "bld": r.randint(1, 30), "unit": r.randint(1, 6), "room": r.randint(1, 33) * 100 + r.randint(1, 6)}
        a["kind"] = kind
        return a

    def fmt_addr(self, a, style=None):
        r = self.r
        if a.get("kind") == "raw":
            return a["text"]
        if style is None:
            x = r.random()
            style = 0 if x < 0.5 else 1 if x < 0.7 else 2 if x < 0.85 else 3
            if r.random() < self.params["p_fullwidth_addr"]:
                style = 4
        comp = a["comp"]
        if style == 0:
            s = "%s%s%s%s%d号%s%d幢%d单元%d室" % (a["prov"], a["city"], a["dist"], a["road"], a["num"], comp, a["bld"], a["unit"], a["room"])
        elif style == 1:
            s = "%s%s%s%d号%s%d-%d-%d" % (a["short"], a["dist"], a["road"], a["num"], comp, a["bld"], a["unit"], a["room"])
        elif style == 2:
            s = "%s%s%d号%s%d栋%d单元%d" % (a["city"], a["road"], a["num"], comp, a["bld"], a["unit"], a["room"])
        elif style == 3:
            s = "%s %s %s%d号 %s %d号楼%d单元%d室" % (a["city"], a["dist"], a["road"], a["num"], comp, a["bld"], a["unit"], a["room"])
        else:
            s = ("%s%s%s%d号%s%d幢%d单元%d室" % (a["city"], a["dist"], a["road"], a["num"], comp, a["bld"], a["unit"], a["room"])).translate(FW)
        return s

    def canon_addr(self, a):
        if a.get("kind") == "raw":
            return a["text"]
        return self.fmt_addr(a, 0)

    def ts(self, t, date_only=False):
        r = self.r
        if date_only:
            return t.strftime("%Y-%m-%d")
        x = r.random()
        p = self.params["p_ts_styles"]
        if x < p[0]:
            return t.strftime("%Y-%m-%dT%H:%M:%S")
        if x < p[0] + p[1]:
            return t.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
        if x < p[0] + p[1] + p[2]:
            return (t - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S") + "+00:00"
        return t.strftime("%Y-%m-%d")

    def rand_time(self, a, b):
        if b <= a:
            b = a + dt.timedelta(days=1)
        span = (b - a).total_seconds()
        t = a + dt.timedelta(seconds=self.r.random() * span)
        # office-ish hours
        return t.replace(hour=self.r.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19, 20, 21]),
                         minute=self.r.randrange(60), second=self.r.randrange(60))

    def home_ip(self):
        r = self.r
        return "%d.%d.%d.%d" % (r.choice([36, 39, 58, 59, 60, 61, 101, 110, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 218, 219, 220, 221, 222, 223]),
                                r.randrange(256), r.randrange(256), r.randint(2, 254))

    def device(self):
        r = self.r
        k = r.random()
        if k < 0.5:
            return "%08X-%04X-%04X-%04X-%012X" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16), r.getrandbits(16), r.getrandbits(48))
        if k < 0.8:
            return "and-" + "%016x" % r.getrandbits(64)
        return "ios-" + "%012X" % r.getrandbits(48)

    # --------------------------------------------------------------- record writers
    def app_ctx(self, h):
        """ip and device of a holder acting alone on the app."""
        r = self.r
        dev = h["device"]
        if r.random() < self.params["p_carrier_nat"]:
            ip = r.choice(self.nat_ips)
        else:
            ip = h["home_ip"]
        return ip, dev

    def counter_ctx(self, h):
        b = self.r.choice(self.branches[h["city"][1]])
        return b["ip"], self.r.choice(b["devices"])

    def honest_ctx(self, h, channels=("app", "counter", "hotline")):
        r = self.r
        w = self.params["honest_channel_w"]
        ch = r.choices(["app", "counter", "hotline"], weights=w)[0]
        if ch not in channels:
            ch = channels[0]
        if ch == "app":
            ip, dev = self.app_ctx(h)
        elif ch == "counter":
            ip, dev = self.counter_ctx(h)
        else:
            ip, dev = "", ""
        return ch, ip, dev

    def add_change(self, h, field, new, t, ch, ip, dev, policy=None):
        self.cc += 1
        old = h["cur"][field]
        if field == "phone":
            oldw, neww = (self.fmt_phone(old) if old else ""), self.fmt_phone(new)
        elif field == "address":
            oldw, neww = (self.fmt_addr(old) if old else ""), self.fmt_addr(new)
        elif field == "bank_account":
            oldw, neww = (self.fmt_account(old[0]) if old else ""), self.fmt_account(new[0])
        else:
            oldw, neww = old or "", new
            if self.r.random() < 0.05:
                neww = " " + new.upper() if self.r.random() < 0.5 else new.upper()
        if policy is None:
            policy = self.r.choice(h["policies"])["policy_id"] if h["policies"] and self.r.random() < 0.7 else ""
        self.changes.append({"change_id": "CC%08d" % self.cc, "holder_id": h["holder_id"], "policy_id": policy,
                             "field": field, "old_value": oldw, "new_value": neww, "changed_at": self.ts(t),
                             "channel": ch, "ip": ip, "device_id": dev, "_t": t})
        h["cur"][field] = new

    def add_surrender(self, pol, h, t, ch, ip, dev, status="paid", rep=None, payout=None, phone=None):
        self.sc += 1
        if rep and ch == "counter" and self.r.random() < 0.5:
            ch = "representative"
        acct = payout or h["cur"]["bank_account"]
        prem = pol["_premium"]
        years = max(0.2, (t - pol["_issued"]).days / 365.0)
        cash = prem * min(years, pol["_years_paid"]) * self.r.uniform(0.35, 0.95)
        self.surrenders.append({
            "request_id": "SR%07d" % self.sc, "policy_id": pol["policy_id"], "holder_id": h["holder_id"],
            "requested_at": self.ts(t), "amount": ("%.2f" % cash) if self.r.random() < 0.8 else ("%.0f" % cash),
            "contact_phone": self.fmt_phone(phone or h["cur"]["phone"]),
            "payout_account": self.fmt_account(acct[0]), "payout_bank": acct[1],
            "representative_name": rep["name"] if rep else "",
            "representative_id_number": self.fmt_id(rep["id"]) if rep and rep.get("id") else "",
            "representative_phone": self.fmt_phone(rep["phone"]) if rep and rep.get("phone") else "",
            "channel": ch, "ip": ip, "device_id": dev, "status": status, "_t": t})
        if status == "paid":
            pol["status"] = "surrendered"
            pol["_surrendered"] = t

    def add_complaint(self, pol, h, t, ch, text, demand, phone=None, addr=None, rep=None):
        self.mc += 1
        self.complaints.append({
            "complaint_id": "CP%07d" % self.mc, "policy_id": pol["policy_id"] if pol else "", "holder_id": h["holder_id"],
            "filed_at": self.ts(t), "channel": ch, "contact_phone": self.fmt_phone(phone or h["cur"]["phone"]),
            "sender_address": (self.fmt_addr(addr) if addr else (self.fmt_addr(h["cur"]["address"]) if ch == "letter" else "")),
            "representative_name": rep["name"] if rep else "",
            "representative_id_number": self.fmt_id(rep["id"]) if rep and rep.get("id") else "",
            "representative_phone": self.fmt_phone(rep["phone"]) if rep and rep.get("phone") else "",
            "demand": demand, "text": text, "_t": t})

    def person(self, city=None, surname=None, age=(25, 60)):
        city = city or self.r.choice(CITIES)
        birth = dt.date(2026 - self.r.randint(*age), self.r.randint(1, 12), self.r.randint(1, 28))
        return {"name": self.name(surname), "id": self.id_number(city, birth), "phone": self.mobile()}

    def live_policies(self, h, at=None):
        return [p for p in h["policies"] if p["status"] == "in_force" and (at is None or p["_issued"] < at - dt.timedelta(days=60))]

    # --------------------------------------------------------------- the book
    def draw_params(self):
        r = self.r
        P = self.params
        P["p_messy_phone"] = round(r.uniform(0.08, 0.3), 3)
        P["p_fullwidth_addr"] = round(r.uniform(0.02, 0.1), 3)
        a = r.uniform(0.2, 0.5); b = r.uniform(0.2, 0.5); c = r.uniform(0.0, 0.08)
        P["p_ts_styles"] = [round(a, 3), round(b, 3), round(c, 3)]
        P["p_carrier_nat"] = round(r.uniform(0.15, 0.45), 3)
        P["n_nat_ips"] = r.randint(20, 80)
        P["honest_channel_w"] = [round(r.uniform(0.3, 0.6), 3), round(r.uniform(0.2, 0.45), 3), round(r.uniform(0.1, 0.25), 3)]
        P["household_mean"] = round(r.uniform(1.2, 1.7), 3)
        P["p_parent_uses_child_phone"] = round(r.uniform(0.1, 0.35), 3)
        P["agents_per_1000"] = round(r.uniform(15, 30), 2)
        P["p_agent_terminated"] = round(r.uniform(0.2, 0.45), 3)
        P["p_honest_phone_change"] = round(r.uniform(0.06, 0.16), 3)
        P["p_honest_move"] = round(r.uniform(0.04, 0.1), 3)
        P["p_honest_bank_change"] = round(r.uniform(0.04, 0.1), 3)
        P["p_honest_email_change"] = round(r.uniform(0.02, 0.06), 3)
        P["p_honest_surrender"] = round(r.uniform(0.04, 0.09), 3)
        P["p_bank_change_before_surrender"] = round(r.uniform(0.1, 0.3), 3)
        P["p_honest_complaint"] = round(r.uniform(0.01, 0.03), 3)
        P["p_lapse"] = round(r.uniform(0.02, 0.06), 3)
        P["p_registry_shows_current"] = round(r.uniform(0.0, 0.6), 3)
        P["ring_share"] = round(r.uniform(0.012, 0.032), 4)
        P["p_big_ring"] = 0.6
        P["p_victim_brings_family"] = round(r.uniform(0.0, 0.15), 3)

    def build_book(self):
        r = self.r
        P = self.params
        n = self.n
        self.nat_ips = ["%d.%d.%d.%d" % (r.choice([223, 117, 112, 111, 120, 39]), r.randrange(256), r.randrange(256), r.randint(2, 254))
                        for _ in range(P["n_nat_ips"])]
        # branches: counter terminals and branch Wi-Fi
        self.branches = {}
        for c in CITIES:
            bl = []
            for i in range(r.randint(2, 5)):
                bl.append({"name": c[2] + r.choice(["中心", "东区", "西区", "南区", "北区", "新城", "高新"]) + "营业部",
                           "ip": "%d.%d.%d.%d" % (r.choice([202, 211, 61]), r.randrange(256), r.randrange(256), r.randint(2, 254)),
                           "devices": ["CTR-%s-%02d-%02d" % (c[3][:4], i, k) for k in range(r.randint(1, 3))],
                           "phone": self.landline(c)})
            self.branches[c[1]] = bl
        # bancassurance outlets (banks' branch phones)
        self.bank_outlets = {c[1]: [{"name": r.choice(BANKS)[0] + c[2] + r.choice(c[5]) + "支行", "phone": self.landline(c)} for _ in range(r.randint(3, 6))]
                             for c in CITIES}
        # agents
        na = max(20, int(n * P["agents_per_1000"] / 1000))
        for i in range(na):
            city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
            hired = dt.datetime(2008, 1, 1) + dt.timedelta(days=r.randrange(16 * 365))
            term = None
            if r.random() < P["p_agent_terminated"]:
                term = hired + dt.timedelta(days=r.randint(120, 3000))
                if term > NOW - dt.timedelta(days=10):
                    term = None
            bank = r.random() < 0.18
            p = self.person(city, age=(24, 58))
            self.agents.append({"agent_id": "AG%05d" % (i + 1), "name": p["name"], "phone": p["phone"], "id_number": p["id"],
                                "org": (r.choice(self.bank_outlets[city[1]])["name"] if bank else r.choice(self.branches[city[1]])["name"]),
                                "status": "terminated" if term else "active", "_hired": hired, "_term": term,
                                "_city": city, "_bank": bank, "_device": "TAB-" + "%010X" % r.getrandbits(40), "_clients": []})
        self.agents_by_city = {}
        for a in self.agents:
            self.agents_by_city.setdefault(a["_city"][1], []).append(a)
        # households and holders
        hid = 0
        self.households = []
        while hid < n:
            city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
            size = 1
            while r.random() < (P["household_mean"] - 1) / P["household_mean"] and size < 5:
                size += 1
            size = min(size, n - hid)
            surname = r.choice(SURNAMES)
            addr = self.address(city)
            hh = []
            landline = self.landline(city) if r.random() < 0.1 else None
            for k in range(size):
                hid += 1
                age = (28, 70) if k == 0 else r.choice([(25, 60), (55, 85), (18, 30)])
                sn = surname if (k == 0 or r.random() < 0.7) else None
                h = self.make_holder(hid, city, addr, sn, age)
                if landline and r.random() < 0.5:
                    h["cur"]["phone"] = landline
                    h["reg_phone"] = landline
                hh.append(h)
            if len(hh) > 1 and r.random() < P["p_parent_uses_child_phone"]:
                old = [h for h in hh if h["_age"] >= 60]
                if old:
                    hh_child = hh[0]
                    for h in old:
                        if h is not hh_child:
                            h["cur"]["phone"] = hh_child["cur"]["phone"]
                            h["reg_phone"] = hh_child["cur"]["phone"]
            for h in hh:
                h["_hh"] = len(self.households)
            self.households.append(hh)
            self.holders.extend(hh)
        # policies
        pc = 0
        for hh in self.households:
            city = hh[0]["city"]
            # A small book may leave a city without agents of its own: its holders bought from any.
            agents = self.agents_by_city.get(city[1]) or self.agents
            hh_agent = r.choice(agents)
            for h in hh:
                k = r.choices([1, 2, 3, 4], weights=[60, 27, 9, 4])[0]
                for j in range(k):
                    a = hh_agent if r.random() < 0.7 else r.choice(agents)
                    lo = max(a["_hired"], h["_created"] - dt.timedelta(days=30)) if j == 0 else h["_created"]
                    hi = a["_term"] or NOW - dt.timedelta(days=90)
                    if hi <= lo:
                        a = r.choice([x for x in agents if x["_term"] is None] or agents)
                        lo, hi = h["_created"], NOW - dt.timedelta(days=90)
                    issued = self.rand_time(lo, hi) if j else self.rand_time(lo, min(hi, lo + dt.timedelta(days=60)))
                    prod = r.choice(PRODUCTS)
                    if h["_age"] >= 60 and r.random() < 0.4:
                        prod = r.choice([PRODUCTS[6], PRODUCTS[2], PRODUCTS[7]])
                    prem = round(r.uniform(prod[1], prod[2]) / 100) * 100
                    pc += 1
                    pol = {"policy_id": "P%09d" % (30000000 + pc * 7), "holder_id": h["holder_id"], "agent_id": a["agent_id"],
                           "product": prod[0], "premium": "%.2f" % prem if r.random() < 0.7 else str(prem),
                           "issued_at": "", "status": "in_force", "_issued": issued, "_premium": prem,
                           "_years_paid": r.choice([3, 5, 10, 10, 20]), "_prod": prod, "_agent": a}
                    h["policies"].append(pol)
                    a["_clients"].append(h)
                    self.policies.append(pol)
        for p in self.policies:
            p["issued_at"] = self.ts(p["_issued"], date_only=self.r.random() < 0.6)

    def make_holder(self, hid, city, addr, surname, age):
        r = self.r
        birth = dt.date(2026 - r.randint(*age), r.randint(1, 12), r.randint(1, 28))
        created = dt.datetime(2010, 1, 1) + dt.timedelta(days=r.randrange(int(15.5 * 365)))
        h = {"holder_id": "H%07d" % (1000000 + hid), "name": self.name(surname), "id_number": self.id_number(city, birth),
             "city": city, "_created": created, "_age": 2026 - birth.year, "policies": [],
             "device": self.device(), "home_ip": self.home_ip(),
             "cur": {"phone": self.mobile(), "address": addr, "bank_account": self.account(), "email": self.email() if r.random() < 0.45 else ""}}
        h["reg_phone"] = h["cur"]["phone"]
        h["reg_addr"] = addr
        return h

    def honest_activity(self, skip):
        """Ordinary contact changes, surrenders, lapses and complaints over the whole book."""
        r = self.r
        P = self.params
        for h in self.holders:
            if h["holder_id"] in skip:
                continue
            self.honest_for(h, 1.0)

    def honest_for(self, h, scale, before=None):
        r = self.r
        P = self.params
        end = before or NOW
        start = max(h["_created"] + dt.timedelta(days=30), dt.datetime(2019, 1, 1))
        if start >= end:
            return
        if r.random() < P["p_honest_phone_change"] * scale:
            ch, ip, dev = self.honest_ctx(h)
            self.add_change(h, "phone", self.mobile(), self.rand_time(start, end), ch, ip, dev)
        if r.random() < P["p_honest_move"] * scale:
            ch, ip, dev = self.honest_ctx(h)
            city = h["city"] if r.random() < 0.8 else r.choice(CITIES)
            self.add_change(h, "address", self.address(city), self.rand_time(start, end), ch, ip, dev)
        if r.random() < P["p_honest_email_change"] * scale:
            ch, ip, dev = self.honest_ctx(h, ("app", "hotline"))
            self.add_change(h, "email", self.email(), self.rand_time(start, end), ch, ip, dev)
        if r.random() < P["p_honest_bank_change"] * scale:
            ch, ip, dev = self.honest_ctx(h)
            self.add_change(h, "bank_account", self.account(), self.rand_time(start, end), ch, ip, dev)
        for pol in h["policies"]:
            if pol["status"] != "in_force":
                continue
            x = r.random()
            if x < P["p_honest_surrender"] * scale:
                t = self.rand_time(max(pol["_issued"] + dt.timedelta(days=200), start), end)
                if t >= end:
                    continue
                if r.random() < P["p_bank_change_before_surrender"]:
                    ch, ip, dev = self.honest_ctx(h)
                    self.add_change(h, "bank_account", self.account(), t - dt.timedelta(days=r.randint(1, 40)), ch, ip, dev, pol["policy_id"])
                ch, ip, dev = self.honest_ctx(h)
                rep = None
                if h["_age"] > 70 and r.random() < 0.3:
                    rep = self.person(h["city"], surname=h["name"][0])
                status = r.choices(["paid", "pending", "rejected"], weights=[88, 6, 6])[0]
                if t > NOW - dt.timedelta(days=20):
                    status = "pending"
                self.add_surrender(pol, h, t, ch, ip, dev, status, rep)
            elif x < (P["p_honest_surrender"] + P["p_lapse"]) * scale:
                pol["status"] = "lapsed"
        if r.random() < P["p_honest_complaint"] * scale and h["policies"]:
            pol = r.choice(h["policies"])
            t = self.rand_time(max(pol["_issued"], start), end)
            ch = r.choices(["hotline", "online", "regulator", "letter"], weights=[45, 25, 20, 10])[0]
            self.add_complaint(pol, h, t, ch, honest_text(r, pol, h), r.choice(HONEST_DEMANDS))

    # --------------------------------------------------------------- rings
    def pick_free(self, pool, k, cond=None, p_family=0.0):
        r = self.r
        cands = [h for h in pool if h["holder_id"] not in self.in_group and h["policies"]
                 and any(p["status"] == "in_force" for p in h["policies"]) and (cond is None or cond(h))]
        # at most one member per household: rings recruit strangers
        seen = set()
        out = []
        r.shuffle(cands)
        for h in cands:
            if h["_hh"] in seen:
                continue
            seen.add(h["_hh"])
            out.append(h)
            if len(out) >= k:
                break
        for h in out:
            self.in_group.add(h["holder_id"])
        if p_family:
            # victims bring a spouse or parent along ("it worked for me")
            for h in list(out):
                if r.random() < p_family:
                    kin = [x for x in self.households[h["_hh"]] if x["holder_id"] not in self.in_group
                           and any(p["status"] == "in_force" for p in x["policies"])]
                    if kin:
                        x = r.choice(kin)
                        self.in_group.add(x["holder_id"])
                        out.append(x)
        return out

    def ring_sizes(self):
        """One ring of every kind, a few extra, sizes from a Pareto tail; optionally one big ring;
        the total is kept under ring_share of the book."""
        r = self.r
        budget = int(self.n * self.params["ring_share"])
        kinds = list(RING_KINDS)
        r.shuffle(kinds)
        extra = [r.choice(kinds) for _ in range(r.randint(1, 6) + self.n // 5000)]
        plan = []
        for k in kinds + extra:
            lo, hi = RING_KINDS[k]
            plan.append([k, max(lo, min(hi, int(lo * r.paretovariate(1.1))))])
        big = r.random() < self.params["p_big_ring"]
        if big:
            i = r.choice([j for j, (k, _) in enumerate(plan) if k in ("social_media_refund", "rotating_mule_network", "complaint_mill", "proxy_representatives")])
            plan[i][1] = min(RING_KINDS[plan[i][0]][1], int(budget * r.uniform(0.3, 0.6)))
        # over budget: drop extras (never the big one), then shrink the largest
        while sum(s for _, s in plan) > budget and len(plan) > len(kinds):
            cand = [j for j in range(len(kinds), len(plan)) if not (big and j == i)]
            if not cand:
                break
            plan.pop(r.choice(cand))
            if big and i >= len(plan):
                i = len(plan) - 1
        guard = 0
        while sum(s for _, s in plan) > budget and guard < 1000:
            guard += 1
            j = max(range(len(plan)), key=lambda j: plan[j][1] - RING_KINDS[plan[j][0]][0])
            lo = RING_KINDS[plan[j][0]][0]
            if plan[j][1] <= lo:
                break
            plan[j][1] = max(lo, int(plan[j][1] * 0.85))
        self.params["big_ring"] = big
        return [tuple(p) for p in plan]

    def plant_rings(self):
        r = self.r
        plan = self.ring_sizes()
        self.params["ring_plan"] = []
        for i, (kind, size) in enumerate(plan):
            gid = "RC-%03d" % (i + 1)
            fn = getattr(self, "ring_" + kind)
            info = fn(gid, size)
            if info is None:
                continue
            victims, controllers, rp = info
            if len(victims) < 3:
                for v in victims:
                    pass
                continue
            self.groups.append({"group_id": gid, "type": "ring", "kind": kind, "holders": [v["holder_id"] for v in victims],
                                "controllers": controllers})
            rp.update({"group_id": gid, "kind": kind, "size_drawn": size, "size": len(victims)})
            self.params["ring_plan"].append(rp)

    def window(self, min_days, max_days):
        r = self.r
        dur = int(math.exp(r.uniform(math.log(min_days), math.log(max_days))))
        end = NOW - dt.timedelta(days=r.randint(0, 400))
        start = end - dt.timedelta(days=dur)
        return start, end, dur

    def ring_ops(self, n_dev, n_ip, use_nat):
        devs = [self.device() for _ in range(n_dev)]
        ips = [self.home_ip() for _ in range(n_ip)]
        return devs, ips, use_nat

    def ring_act_ctx(self, h, ch, devs, ips, use_nat):
        r = self.r
        if ch == "app":
            dev = r.choice(devs) if devs and r.random() < 0.85 else h["device"]
            if use_nat and r.random() < 0.6:
                ip = r.choice(self.nat_ips)
            else:
                ip = r.choice(ips) if ips else h["home_ip"]
            return ip, dev
        if ch == "counter":
            return self.counter_ctx(h)
        return "", ""

    def rotate(self, values, i, per):
        """value in use for the i-th victim when each value serves `per` victims before rotation."""
        if per <= 0:
            return self.r.choice(values)
        return values[min(len(values) - 1, i // per) % len(values)] if self.r.random() < 0.9 else self.r.choice(values)

    def generic_ring(self, gid, victims, cfg):
        """Common life cycle: recruit -> contact change(s) -> complaint -> surrender."""
        r = self.r
        start, end = cfg["start"], cfg["end"]
        phones, accts, addrs, emails = cfg.get("phones", []), cfg.get("accounts", []), cfg.get("addresses", []), cfg.get("emails", [])
        reps = cfg.get("reps", [])
        devs, ips, use_nat = cfg["ops"]
        used = {"phone": set(), "bank_account": set(), "address": set(), "email": set(), "device": set(), "ip": set(), "representative": set()}
        victims = sorted(victims, key=lambda v: r.random())
        for i, h in enumerate(victims):
            t0 = start + (end - start) * (i + r.random()) / len(victims)
            if cfg.get("honest_before", 0.5) and r.random() < cfg.get("honest_before", 0.5):
                self.honest_for(h, 0.6, before=t0 - dt.timedelta(days=30))
            t = t0
            # contact takeover
            for field, vals in (("phone", phones), ("bank_account", accts), ("address", addrs), ("email", emails)):
                if not vals or r.random() >= cfg.get("p_change_" + field, 0.0):
                    continue
                v = self.rotate(vals, i, cfg.get("per_value", 0))
                ch = r.choices(["app", "counter", "hotline"], weights=cfg["change_channels"])[0]
                ip, dev = self.ring_act_ctx(h, ch, devs, ips, use_nat)
                t = t + dt.timedelta(hours=r.randint(0, 72))
                if field == "address":
                    self.add_change(h, field, v, t, ch, ip, dev)
                elif field == "bank_account":
                    self.add_change(h, field, v, t, ch, ip, dev)
                else:
                    self.add_change(h, field, v, t, ch, ip, dev)
                used[field].add(self.val_str(field, v))
                if ch == "app":
                    if dev in devs:
                        used["device"].add(dev)
                    if ip in ips:
                        used["ip"].add(ip)
            pols = self.live_policies(h, t0) or self.live_policies(h)
            if not pols:
                continue
            rep = r.choice(reps) if reps and r.random() < cfg.get("p_rep", 0) else None
            # complaint
            if r.random() < cfg.get("p_complaint", 0):
                tc = t + dt.timedelta(days=r.randint(*cfg.get("complaint_lag", (2, 30))))
                if tc < NOW:
                    pol = r.choice(pols)
                    cph = self.rotate(phones, i, cfg.get("per_value", 0)) if phones and r.random() < cfg.get("p_complaint_ring_phone", 0.7) else None
                    cad = r.choice(addrs) if addrs and r.random() < 0.7 else None
                    ch = r.choices(["regulator", "letter", "online", "hotline"], weights=cfg.get("complaint_channels", [70, 10, 10, 10]))[0]
                    crep = rep if rep and r.random() < 0.8 else None
                    self.add_complaint(pol, h, tc, ch, ring_text(r, cfg["template"], pol, h, cfg.get("template_noise", 0.15)),
                                       r.choice(RING_DEMANDS), phone=cph, addr=cad if ch == "letter" or r.random() < 0.3 else None, rep=crep)
                    if cph:
                        used["phone"].add(cph)
                    if crep:
                        used["representative"].add(crep["id"])
                    if cad and (ch == "letter" or self.complaints[-1]["sender_address"]):
                        used["address"].add(self.canon_addr(cad))
                    t = max(t, tc)
            # surrender
            if r.random() < cfg.get("p_surrender", 0.8):
                k = len(pols) if r.random() < cfg.get("p_all_policies", 0.6) else 1
                for pol in pols[:k]:
                    ts = t + dt.timedelta(days=r.randint(*cfg.get("surrender_lag", (3, 45))), hours=r.randint(0, 8))
                    if ts > NOW:
                        ts = NOW - dt.timedelta(hours=r.randint(1, 200))
                    ch = r.choices(["app", "counter", "hotline"], weights=cfg.get("surrender_channels", cfg["change_channels"]))[0]
                    ip, dev = self.ring_act_ctx(h, ch, devs, ips, use_nat)
                    payout = None
                    if accts and r.random() < cfg.get("p_payout_ring", 0.0):
                        payout = self.rotate(accts, i, cfg.get("per_value", 0))
                        used["bank_account"].add(payout[0])
                    cph = None
                    if phones and r.random() < cfg.get("p_surrender_ring_phone", 0.5):
                        cph = self.rotate(phones, i, cfg.get("per_value", 0))
                        used["phone"].add(cph)
                    srep = rep if rep and r.random() < 0.9 else None
                    if srep:
                        used["representative"].add(srep["id"])
                    if ch == "app":
                        if dev in devs:
                            used["device"].add(dev)
                        if ip in ips:
                            used["ip"].add(ip)
                    status = "paid" if ts < NOW - dt.timedelta(days=10) else "pending"
                    if r.random() < cfg.get("p_rejected", 0.04):
                        status = "rejected"
                    self.add_surrender(pol, h, ts, ch, ip, dev, status, srep, payout, cph)
            if r.random() < cfg.get("honest_after", 0.2):
                self.honest_for(h, 0.4)
        return used

    def val_str(self, field, v):
        if field == "address":
            return self.canon_addr(v)
        if field == "bank_account":
            return v[0]
        return v

    def controllers_from(self, used, reps):
        out = []
        typemap = {"phone": "phone", "bank_account": "bank_account", "address": "address", "email": "email",
                   "device": "device", "ip": "ip"}
        for f, vals in used.items():
            if f == "representative":
                for rp in reps:
                    if rp["id"] in vals:
                        out.append({"type": "representative", "value": rp["name"] + "/" + rp["id"]})
                continue
            for v in sorted(vals):
                out.append({"type": typemap[f], "value": v})
        return out

    def base_cfg(self, size, dmin, dmax):
        start, end, dur = self.window(dmin, dmax)
        return {"start": start, "end": end, "duration_days": dur}

    def finish(self, gid, victims, cfg, reps=()):
        used = self.generic_ring(gid, victims, cfg)
        rp = {k: v for k, v in cfg.items() if k not in ("phones", "accounts", "addresses", "emails", "reps", "ops", "start", "end")}
        rp["start"] = cfg["start"].strftime("%Y-%m-%d")
        rp["end"] = cfg["end"].strftime("%Y-%m-%d")
        rp["n_phones"] = len(cfg.get("phones", []))
        rp["n_accounts"] = len(cfg.get("accounts", []))
        rp["n_addresses"] = len(cfg.get("addresses", []))
        rp["n_emails"] = len(cfg.get("emails", []))
        rp["n_reps"] = len(cfg.get("reps", []))
        rp["n_devices"] = len(cfg["ops"][0])
        rp["n_ips"] = len(cfg["ops"][1])
        rp["uses_carrier_nat"] = cfg["ops"][2]
        return victims, self.controllers_from(used, list(reps) or cfg.get("reps", [])), rp

    def ring_city_pool(self, n_cities):
        cities = self.r.sample([c[1] for c in CITIES], n_cities)
        return [h for h in self.holders if h["city"][1] in cities], cities

    # 1. classic social-media recruiter
    def ring_social_media_refund(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(1, 4))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        cfg = self.base_cfg(size, 30, 300)
        home = r.choice(CITIES)
        cfg.update(phones=[self.mobile() for _ in range(r.randint(1, 3))],
                   accounts=[self.account() for _ in range(r.randint(0, 2))],
                   ops=self.ring_ops(r.randint(1, 3), r.randint(1, 2), r.random() < 0.3),
                   p_change_phone=r.uniform(0.6, 0.95), p_change_bank_account=r.uniform(0.1, 0.4),
                   change_channels=[r.uniform(5, 8), r.uniform(1, 3), r.uniform(0.5, 2)],
                   per_value=max(1, int(len(victims) / r.uniform(1, 3)) + 1),
                   p_complaint=r.uniform(0.4, 0.9), template=r.randrange(len(RING_TEMPLATES)), template_noise=r.uniform(0.05, 0.25),
                   p_surrender=r.uniform(0.6, 0.95), surrender_lag=(r.randint(2, 10), r.randint(20, 60)),
                   p_payout_ring=r.uniform(0.0, 0.5), p_surrender_ring_phone=r.uniform(0.3, 0.9), cities=cities,
                   honest_before=r.uniform(0.2, 0.8))
        if not cfg["accounts"]:
            cfg["p_payout_ring"] = 0
        return self.finish(gid, victims, cfg)

    # 2. terminated agent's client list
    def ring_ex_agent_client_list(self, gid, size):
        r = self.r
        cands = [a for a in self.agents if a["_term"] is not None and len({h["holder_id"] for h in a["_clients"]}) >= 6]
        if not cands:
            return None
        cands.sort(key=lambda a: -len(a["_clients"]))
        agent = r.choice(cands[:10])
        clients = list({h["holder_id"]: h for h in agent["_clients"]}.values())
        victims = self.pick_free(clients, min(size, int(len(clients) * r.uniform(0.3, 0.8))))
        cfg = self.base_cfg(size, 20, 240)
        if cfg["start"] < agent["_term"]:
            shift = agent["_term"] - cfg["start"] + dt.timedelta(days=r.randint(30, 300))
            cfg["start"] += shift
            cfg["end"] = min(NOW - dt.timedelta(days=3), cfg["end"] + shift)
            if cfg["end"] <= cfg["start"]:
                cfg["start"] = cfg["end"] - dt.timedelta(days=30)
        phones = [self.mobile() for _ in range(r.randint(0, 2))]
        if r.random() < 0.5 or not phones:
            phones.append(agent["phone"])  # the ex-agent's own number
        office = self.address(agent["_city"])
        cfg.update(phones=phones, accounts=[self.account() for _ in range(r.randint(1, 2))], addresses=[office],
                   ops=self.ring_ops(r.randint(1, 2), 1, r.random() < 0.5),
                   p_change_phone=r.uniform(0.4, 0.9), p_change_bank_account=r.uniform(0.2, 0.6), p_change_address=r.uniform(0.0, 0.3),
                   change_channels=[r.uniform(1, 4), r.uniform(2, 5), r.uniform(0.5, 2)],
                   surrender_channels=[1, 3, 1], per_value=0,
                   p_complaint=r.uniform(0.3, 0.8), complaint_channels=[40, 40, 10, 10], template=r.randrange(len(RING_TEMPLATES)),
                   template_noise=r.uniform(0.05, 0.2), p_surrender=r.uniform(0.6, 0.95), surrender_lag=(5, r.randint(30, 90)),
                   p_payout_ring=r.uniform(0.2, 0.7), p_surrender_ring_phone=r.uniform(0.3, 0.8), ex_agent=agent["agent_id"])
        return self.finish(gid, victims, cfg)

    # 3. representatives with power of attorney
    def ring_proxy_representatives(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(2, 6))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        cfg = self.base_cfg(size, 60, 500)
        home = r.choice(CITIES)
        reps = [self.person(home, age=(25, 45)) for _ in range(r.randint(1, 4))]
        # reps sometimes reuse one company phone
        if r.random() < 0.5:
            ph = reps[0]["phone"]
            for rp in reps:
                rp["phone"] = ph
        cfg.update(reps=reps, phones=[rp["phone"] for rp in reps][:1] if r.random() < 0.5 else [],
                   accounts=[self.account() for _ in range(r.randint(0, 2))],
                   ops=self.ring_ops(r.randint(0, 2), r.randint(0, 1), False),
                   p_rep=r.uniform(0.7, 1.0), p_change_phone=r.uniform(0.0, 0.3), p_change_bank_account=r.uniform(0.0, 0.5),
                   change_channels=[1, 4, 1], surrender_channels=[0.5, 5, 1], per_value=0,
                   p_complaint=r.uniform(0.5, 0.95), template=r.randrange(len(RING_TEMPLATES)), template_noise=r.uniform(0.1, 0.3),
                   p_surrender=r.uniform(0.5, 0.9), surrender_lag=(10, r.randint(30, 120)), p_payout_ring=r.uniform(0.0, 0.3),
                   p_surrender_ring_phone=0.2, cities=cities)
        if not cfg["accounts"]:
            cfg["p_payout_ring"] = 0
        return self.finish(gid, victims, cfg)

    # 4. large long-running network rotating many values
    def ring_rotating_mule_network(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(3, 10))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        per = r.randint(3, 8)
        nv = max(2, len(victims) // per + 1)
        cfg = self.base_cfg(size, 240, 730)
        cfg.update(phones=[self.mobile() for _ in range(nv)], accounts=[self.account() for _ in range(max(2, nv // 2))],
                   emails=[self.email() for _ in range(r.randint(0, 3))],
                   ops=self.ring_ops(max(2, len(victims) // r.randint(15, 40)), r.randint(1, 4), r.random() < 0.6),
                   p_change_phone=r.uniform(0.6, 0.9), p_change_bank_account=r.uniform(0.3, 0.7), p_change_email=r.uniform(0.1, 0.4),
                   change_channels=[r.uniform(5, 9), r.uniform(0.5, 2), r.uniform(0.5, 2)], per_value=per,
                   p_complaint=r.uniform(0.2, 0.6), template=r.randrange(len(RING_TEMPLATES)), template_noise=r.uniform(0.2, 0.4),
                   p_surrender=r.uniform(0.7, 0.95), surrender_lag=(r.randint(1, 7), r.randint(15, 60)),
                   p_payout_ring=r.uniform(0.2, 0.6), p_surrender_ring_phone=r.uniform(0.4, 0.9), cities=cities)
        return self.finish(gid, victims, cfg)

    # 5. mail-drop flats
    def ring_mail_drop_address(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(1, 3))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        cfg = self.base_cfg(size, 30, 400)
        city = next(c for c in CITIES if c[1] == cities[0])
        cfg.update(addresses=[self.address(city) for _ in range(r.randint(1, 3))], phones=[self.mobile() for _ in range(r.randint(0, 1))],
                   ops=self.ring_ops(1, 1, r.random() < 0.5),
                   p_change_address=r.uniform(0.7, 1.0), p_change_phone=r.uniform(0.0, 0.5),
                   change_channels=[r.uniform(1, 3), r.uniform(1, 3), r.uniform(1, 4)], surrender_channels=[1, 3, 3], per_value=0,
                   p_complaint=r.uniform(0.5, 0.9), complaint_channels=[30, 60, 5, 5], template=r.randrange(len(RING_TEMPLATES)),
                   template_noise=r.uniform(0.05, 0.2), p_surrender=r.uniform(0.5, 0.9), surrender_lag=(10, r.randint(30, 90)),
                   p_surrender_ring_phone=0.3, cities=cities)
        return self.finish(gid, victims, cfg)

    # 6. complaint mill: regulator complaints are the weapon, surrender is the settlement
    def ring_complaint_mill(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(2, 8))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        cfg = self.base_cfg(size, 45, 365)
        reps = [self.person(r.choice(CITIES), age=(28, 50)) for _ in range(r.randint(0, 2))]
        cfg.update(phones=[self.mobile() for _ in range(r.randint(1, 2))], emails=[self.email() for _ in range(r.randint(1, 2))],
                   reps=reps, p_rep=r.uniform(0.2, 0.6) if reps else 0,
                   ops=self.ring_ops(r.randint(1, 2), r.randint(1, 2), r.random() < 0.3),
                   p_change_email=r.uniform(0.3, 0.8), p_change_phone=r.uniform(0.0, 0.4),
                   change_channels=[6, 1, 1], per_value=0,
                   p_complaint=r.uniform(0.85, 1.0), complaint_channels=[80, 5, 10, 5], p_complaint_ring_phone=r.uniform(0.5, 0.95),
                   template=r.randrange(len(RING_TEMPLATES)), template_noise=r.uniform(0.0, 0.12), complaint_lag=(0, 10),
                   p_surrender=r.uniform(0.3, 0.7), surrender_lag=(20, r.randint(40, 120)), p_surrender_ring_phone=0.2,
                   cities=cities)
        return self.finish(gid, victims, cfg)

    # 7. small slow drip
    def ring_slow_drip(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(1, 12))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        cfg = self.base_cfg(size, 180, 730)
        cfg.update(phones=[self.mobile()], emails=[self.email()] if r.random() < 0.6 else [],
                   accounts=[self.account()] if r.random() < 0.4 else [],
                   ops=self.ring_ops(1, 0, True),
                   p_change_phone=r.uniform(0.6, 1.0), p_change_email=0.5, p_change_bank_account=0.5,
                   change_channels=[r.uniform(1, 5), r.uniform(1, 3), r.uniform(1, 3)], per_value=0,
                   p_complaint=r.uniform(0.0, 0.4), template=r.randrange(len(RING_TEMPLATES)), template_noise=r.uniform(0.3, 0.6),
                   p_surrender=r.uniform(0.6, 1.0), surrender_lag=(30, r.randint(60, 200)), p_payout_ring=0.5,
                   p_surrender_ring_phone=r.uniform(0.2, 0.7), cities=cities, honest_before=0.8)
        return self.finish(gid, victims, cfg)

    # 8. app account takeover: e-mail + bank card via a device farm, fast surrender, no complaints
    def ring_app_takeover_farm(self, gid, size):
        r = self.r
        pool, cities = self.ring_city_pool(r.randint(3, 12))
        victims = self.pick_free(pool, size, p_family=self.params["p_victim_brings_family"])
        cfg = self.base_cfg(size, 14, 120)
        cfg.update(emails=[self.email() for _ in range(r.randint(1, 4))], accounts=[self.account() for _ in range(r.randint(2, 6))],
                   phones=[self.mobile() for _ in range(r.randint(0, 2))],
                   ops=self.ring_ops(r.randint(3, 10), r.randint(1, 3), r.random() < 0.4),
                   p_change_email=r.uniform(0.5, 0.9), p_change_bank_account=r.uniform(0.7, 1.0), p_change_phone=r.uniform(0.0, 0.4),
                   change_channels=[10, 0.2, 0.2], surrender_channels=[10, 0.5, 0.5], per_value=r.randint(0, 10),
                   p_complaint=r.uniform(0.0, 0.15), template=r.randrange(len(RING_TEMPLATES)), template_noise=0.4,
                   p_surrender=r.uniform(0.8, 1.0), surrender_lag=(0, r.randint(3, 12)), p_payout_ring=r.uniform(0.6, 1.0),
                   p_all_policies=0.9, p_surrender_ring_phone=0.3, cities=cities, honest_before=0.3)
        return self.finish(gid, victims, cfg)

    # --------------------------------------------------------------- decoys
    def add_decoy(self, kind, holders, controllers, extra):
        if len(holders) < 2:
            return
        gid = "DC-%03d" % (sum(1 for g in self.groups if g["type"] == "decoy") + 1)
        self.groups.append({"group_id": gid, "type": "decoy", "kind": kind, "holders": [h["holder_id"] for h in holders],
                            "controllers": controllers})
        extra.update({"group_id": gid, "kind": kind, "size": len(holders)})
        self.params["decoy_plan"].append(extra)

    def plant_decoys(self):
        r = self.r
        self.params["decoy_plan"] = []
        scale = self.n / 20000.0
        counts = {
            "family_joint_surrender": int(r.randint(6, 15) * scale) + 1,
            "bank_branch_phone": int(r.randint(3, 8) * scale) + 1,
            "employer_group_scheme": int(r.randint(2, 5) * scale) + 1,
            "nursing_home": int(r.randint(2, 6) * scale) + 1,
            "agent_types_own_phone": int(r.randint(4, 10) * scale) + 1,
            "recycled_number": int(r.randint(5, 15) * scale) + 1,
            "scandal_complaint_wave": r.randint(1, 2),
            "law_firm_clients": int(r.randint(1, 4) * scale) + 1,
            "parcel_locker_address": int(r.randint(2, 6) * scale) + 1,
            "child_manages_relatives": int(r.randint(5, 12) * scale) + 1,
            "callcentre_callback_line": r.randint(1, 2),
        }
        self.params["decoy_counts"] = counts
        for kind, c in counts.items():
            for _ in range(c):
                getattr(self, "decoy_" + kind)()

    def d_window(self):
        t = NOW - dt.timedelta(days=self.r.randint(30, 1200))
        return t

    def decoy_family_joint_surrender(self):
        r = self.r
        fams = [hh for hh in self.households if len(hh) >= 3 and not any(h["holder_id"] in self.in_group for h in hh)]
        if not fams:
            return
        hh = r.choice(fams)
        for h in hh:
            self.in_group.add(h["holder_id"])
        t = self.d_window()
        payer = hh[0]
        share_acct = r.random() < 0.4
        share_phone = r.random() < 0.5
        newp = self.mobile() if share_phone else None
        ctrl = []
        for h in hh:
            if newp and h is not payer:
                self.add_change(h, "phone", newp, t - dt.timedelta(days=r.randint(3, 40)), "counter", *self.counter_ctx(h))
            ip, dev = self.counter_ctx(payer)
            for pol in self.live_policies(h, t):
                self.add_surrender(pol, h, t + dt.timedelta(days=r.randint(0, 10)), "counter", ip, dev,
                                   payout=payer["cur"]["bank_account"] if share_acct else None,
                                   rep=({"name": payer["name"], "id": payer["id_number"], "phone": payer["cur"]["phone"]} if h is not payer and r.random() < 0.5 else None))
        if newp:
            ctrl.append({"type": "phone", "value": newp})
        ctrl.append({"type": "address", "value": self.canon_addr(hh[0]["reg_addr"])})
        self.add_decoy("family_joint_surrender", hh, ctrl, {"shared_account": share_acct})

    def decoy_bank_branch_phone(self):
        r = self.r
        city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
        outlet = r.choice(self.bank_outlets[city[1]])
        pool = [h for h in self.holders if h["city"] is city]
        k = int(min(120, 5 * r.paretovariate(1.1)))
        hs = self.pick_free(pool, max(4, k))
        for h in hs:
            h["reg_phone"] = outlet["phone"]
            h["cur"]["phone"] = outlet["phone"]
        # product matures/rate cut: many surrender at the counter in a few months
        t = self.d_window()
        rate = r.uniform(0.05, 0.5)
        for h in hs:
            for pol in self.live_policies(h, t):
                if r.random() < rate:
                    ts = self.rand_time(t, t + dt.timedelta(days=r.randint(20, 120)))
                    if ts < NOW:
                        self.add_surrender(pol, h, ts, "counter", *self.counter_ctx(h))
            if r.random() < 0.3:
                self.add_change(h, "phone", self.mobile(), self.rand_time(t - dt.timedelta(days=700), t), *self.honest_ctx(h))
        self.add_decoy("bank_branch_phone", hs, [{"type": "phone", "value": outlet["phone"]}], {"outlet": outlet["name"], "surrender_rate": round(rate, 3)})

    def decoy_employer_group_scheme(self):
        r = self.r
        city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
        pool = [h for h in self.holders if h["city"] is city and 22 <= h["_age"] <= 60]
        k = int(min(250, 8 * r.paretovariate(1.0)))
        hs = self.pick_free(pool, max(6, k))
        office = self.address(city)
        hr = self.person(city, age=(28, 50))
        hr_phone = self.landline(city)
        t = self.d_window()
        # HR updates everyone's mailing address to the office via the counter, then the scheme is switched
        ctrl = [{"type": "address", "value": self.canon_addr(office)}]
        for h in hs:
            if r.random() < 0.7:
                self.add_change(h, "address", office, self.rand_time(t - dt.timedelta(days=400), t - dt.timedelta(days=30)), "counter", *self.counter_ctx(h))
            if r.random() < 0.3:
                self.add_change(h, "phone", hr_phone, self.rand_time(t - dt.timedelta(days=400), t - dt.timedelta(days=30)), "counter", *self.counter_ctx(h))
        switch = r.random() < 0.7
        rate = r.uniform(0.4, 0.9) if switch else 0.0
        for h in hs:
            if r.random() < rate:
                for pol in self.live_policies(h, t):
                    ts = self.rand_time(t, t + dt.timedelta(days=r.randint(10, 45)))
                    if ts < NOW:
                        self.add_surrender(pol, h, ts, "counter", *self.counter_ctx(h),
                                           rep={"name": hr["name"], "id": hr["id"], "phone": hr_phone} if r.random() < 0.6 else None,
                                           phone=hr_phone if r.random() < 0.3 else None)
        ctrl.append({"type": "phone", "value": hr_phone})
        ctrl.append({"type": "representative", "value": hr["name"] + "/" + hr["id"]})
        self.add_decoy("employer_group_scheme", hs, ctrl, {"scheme_switched": switch, "surrender_rate": round(rate, 3)})

    def decoy_nursing_home(self):
        r = self.r
        city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
        pool = [h for h in self.holders if h["city"] is city and h["_age"] >= 62]
        hs = self.pick_free(pool, r.randint(4, 35))
        home = self.address(city)
        phone = self.landline(city)
        staff = [self.person(city, age=(25, 55)) for _ in range(r.randint(1, 3))]
        for h in hs:
            t = self.rand_time(NOW - dt.timedelta(days=1500), NOW - dt.timedelta(days=60))
            if r.random() < 0.6:
                self.add_change(h, "address", home, t, "counter", *self.counter_ctx(h))
            else:
                self.add_change(h, "address", home, t, "hotline", "", "")
            if r.random() < 0.7:
                self.add_change(h, "phone", phone, t + dt.timedelta(minutes=r.randint(1, 30)), "counter", *self.counter_ctx(h))
            if r.random() < r.uniform(0.1, 0.5):  # pay for care
                for pol in self.live_policies(h, t)[:1]:
                    ts = t + dt.timedelta(days=r.randint(20, 400))
                    if ts < NOW:
                        self.add_surrender(pol, h, ts, "counter", *self.counter_ctx(h), rep=r.choice(staff), phone=phone)
            if r.random() < 0.1:
                pol = r.choice(h["policies"])
                self.add_complaint(pol, h, self.rand_time(t, NOW), "hotline", honest_text(r, pol, h), r.choice(HONEST_DEMANDS), phone=phone)
        ctrl = [{"type": "address", "value": self.canon_addr(home)}, {"type": "phone", "value": phone}]
        ctrl += [{"type": "representative", "value": s["name"] + "/" + s["id"]} for s in staff]
        self.add_decoy("nursing_home", hs, ctrl, {"staff": len(staff)})

    def decoy_agent_types_own_phone(self):
        r = self.r
        cands = [a for a in self.agents if a["_term"] is None and len(a["_clients"]) >= 5]
        if not cands:
            return
        a = r.choice(cands)
        clients = list({h["holder_id"]: h for h in a["_clients"]}.values())
        hs = self.pick_free(clients, r.randint(3, 25), cond=lambda h: h["_age"] >= 50 or r.random() < 0.3)
        for h in hs:
            if r.random() < 0.6:
                h["reg_phone"] = a["phone"]
                h["cur"]["phone"] = a["phone"]
            else:  # agent updates it later from the tablet
                t = self.rand_time(NOW - dt.timedelta(days=1000), NOW - dt.timedelta(days=20))
                self.add_change(h, "phone", a["phone"], t, "agent_app", r.choice(self.nat_ips) if r.random() < 0.5 else h["home_ip"], a["_device"])
            if r.random() < self.params["p_honest_surrender"] * 2:
                for pol in self.live_policies(h)[:1]:
                    self.add_surrender(pol, h, self.rand_time(pol["_issued"] + dt.timedelta(days=365), NOW - dt.timedelta(days=15)), *self.honest_ctx(h))
        self.add_decoy("agent_types_own_phone", hs, [{"type": "phone", "value": a["phone"]}], {"agent": a["agent_id"]})

    def decoy_recycled_number(self):
        r = self.r
        hs = self.pick_free(self.holders, r.randint(2, 3))
        if len(hs) < 2:
            return
        num = self.mobile()
        t = NOW - dt.timedelta(days=r.randint(1500, 3000))
        for h in hs:
            self.add_change(h, "phone", num, t, *self.honest_ctx(h))
            t2 = t + dt.timedelta(days=r.randint(200, 700))
            if t2 < NOW:
                self.add_change(h, "phone", self.mobile(), t2, *self.honest_ctx(h))
            t = t2 + dt.timedelta(days=r.randint(90, 400))
            if t > NOW:
                break
        self.add_decoy("recycled_number", hs, [{"type": "phone", "value": num}], {})

    def decoy_scandal_complaint_wave(self):
        r = self.r
        prod = r.choice(PRODUCTS)
        pool = [h for h in self.holders if any(p["_prod"] is prod for p in h["policies"])]
        hs = self.pick_free(pool, int(min(len(pool) * 0.2, r.randint(25, 200) * max(1, self.n / 20000))))
        t = self.d_window()
        media = r.randrange(len(MEDIA_TEMPLATES))
        assoc_phone = self.landline(r.choice(CITIES))
        assoc = {"name": r.choice(["消费者协会", "消保委"]) + "调解员" + self.name()[0] + "老师", "id": "", "phone": assoc_phone}
        rate = r.uniform(0.1, 0.5)
        for h in hs:
            pol = next(p for p in h["policies"] if p["_prod"] is prod)
            tc = self.rand_time(t, t + dt.timedelta(days=r.randint(14, 60)))
            if tc >= NOW:
                tc = NOW - dt.timedelta(days=1)
            via = r.random() < 0.25
            self.add_complaint(pol, h, tc, r.choices(["regulator", "online", "hotline", "letter"], weights=[50, 25, 20, 5])[0],
                               media_text(r, media, pol, h), r.choice(RING_DEMANDS + HONEST_DEMANDS), rep=assoc if via else None)
            if pol["status"] == "in_force" and r.random() < rate:
                ts = tc + dt.timedelta(days=r.randint(5, 90))
                if ts < NOW:
                    if r.random() < 0.15:
                        self.add_change(h, "bank_account", self.account(), ts - dt.timedelta(days=r.randint(1, 10)), *self.honest_ctx(h))
                    self.add_surrender(pol, h, ts, *self.honest_ctx(h))
        self.add_decoy("scandal_complaint_wave", hs, [{"type": "phone", "value": assoc_phone}], {"product": prod[0], "surrender_rate": round(rate, 3)})

    def decoy_law_firm_clients(self):
        r = self.r
        city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
        pool = [h for h in self.holders if h["city"] is city or r.random() < 0.05]
        hs = self.pick_free(pool, r.randint(4, 30))
        firm = self.address(city)
        firm_phone = self.landline(city)
        lawyers = [self.person(city, age=(28, 55)) for _ in range(r.randint(1, 3))]
        for lw in lawyers:
            lw["phone"] = firm_phone if r.random() < 0.5 else lw["phone"]
        tpl = r.randrange(len(LAW_TEMPLATES))
        t = self.d_window()
        for h in hs:
            pol = r.choice(h["policies"])
            lw = r.choice(lawyers)
            tc = self.rand_time(t - dt.timedelta(days=300), t)
            self.add_complaint(pol, h, tc, r.choice(["letter", "regulator", "letter"]), law_text(r, tpl, pol, h), r.choice(RING_DEMANDS),
                               phone=firm_phone if r.random() < 0.6 else None, addr=firm, rep=lw)
            if pol["status"] == "in_force" and r.random() < 0.4:
                ts = tc + dt.timedelta(days=r.randint(20, 150))
                if ts < NOW:
                    self.add_surrender(pol, h, ts, "counter", *self.counter_ctx(h), rep=lw if r.random() < 0.5 else None)
        ctrl = [{"type": "address", "value": self.canon_addr(firm)}, {"type": "phone", "value": firm_phone}]
        ctrl += [{"type": "representative", "value": lw["name"] + "/" + lw["id"]} for lw in lawyers]
        self.add_decoy("law_firm_clients", hs, ctrl, {"lawyers": len(lawyers)})

    def decoy_parcel_locker_address(self):
        r = self.r
        city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
        pool = [h for h in self.holders if h["city"] is city]
        hs = self.pick_free(pool, int(min(80, 6 * r.paretovariate(1.2))))
        a = self.address(city)
        locker = {"kind": "raw", "text": "%s%s%s%d号%s东门丰巢快递柜" % (city[1], a["dist"], a["road"], a["num"], a["comp"])}
        for h in hs:
            self.add_change(h, "address", locker, self.rand_time(NOW - dt.timedelta(days=1400), NOW - dt.timedelta(days=5)), *self.honest_ctx(h))
            if r.random() < self.params["p_honest_surrender"] * 1.5:
                for pol in self.live_policies(h)[:1]:
                    self.add_surrender(pol, h, self.rand_time(NOW - dt.timedelta(days=300), NOW - dt.timedelta(days=15)), *self.honest_ctx(h))
        self.add_decoy("parcel_locker_address", hs, [{"type": "address", "value": locker["text"]}], {})

    def decoy_child_manages_relatives(self):
        r = self.r
        city = r.choices(CITIES, weights=CITY_WEIGHTS)[0]
        pool = [h for h in self.holders if h["city"] is city and h["_age"] >= 55]
        hs = self.pick_free(pool, r.randint(2, 5))
        if len(hs) < 2:
            return
        child = self.person(city, age=(30, 50))
        mail = self.email()
        acct = self.account() if r.random() < 0.3 else None
        t = self.rand_time(NOW - dt.timedelta(days=1200), NOW - dt.timedelta(days=30))
        child_dev = self.device()
        for h in hs:
            tt = t + dt.timedelta(days=r.randint(0, 60))
            ip, dev = (r.choice(self.nat_ips), child_dev) if r.random() < 0.6 else ("", "")
            ch = "app" if dev else "hotline"
            self.add_change(h, "phone", child["phone"], tt, ch, ip, dev)
            if r.random() < 0.5:
                self.add_change(h, "email", mail, tt + dt.timedelta(minutes=5), ch, ip, dev)
            if acct and r.random() < 0.5:
                self.add_change(h, "bank_account", acct, tt + dt.timedelta(minutes=9), "counter", *self.counter_ctx(h))
            if r.random() < 0.35:
                for pol in self.live_policies(h, tt)[:1]:
                    ts = tt + dt.timedelta(days=r.randint(10, 300))
                    if ts < NOW:
                        self.add_surrender(pol, h, ts, "counter", *self.counter_ctx(h), rep=child)
        ctrl = [{"type": "phone", "value": child["phone"]}, {"type": "representative", "value": child["name"] + "/" + child["id"]}]
        self.add_decoy("child_manages_relatives", hs, ctrl, {})

    def decoy_callcentre_callback_line(self):
        """The outsourced retention call centre keys its own callback line as the contact phone of
        surrender requests it takes over the hotline, and sometimes as the holder's new phone."""
        r = self.r
        line = "400-" + "%03d-%04d" % (r.randrange(1000), r.randrange(10000))
        if r.random() < 0.5:
            line = self.landline(r.choice(CITIES))
        self.used_phones.add(line)
        hs = self.pick_free(self.holders, int(min(200, 10 * r.paretovariate(1.0))))
        for h in hs:
            t = self.rand_time(NOW - dt.timedelta(days=900), NOW - dt.timedelta(days=12))
            pols = self.live_policies(h, t)
            if pols and r.random() < 0.7:
                self.add_surrender(pols[0], h, t, "hotline", "", "", r.choices(["paid", "pending", "rejected"], weights=[85, 5, 10])[0], phone=line)
            else:
                self.add_change(h, "phone", line, t, "hotline", "", "")
                if r.random() < 0.8:
                    self.add_change(h, "phone", self.mobile(), t + dt.timedelta(days=r.randint(1, 60)), *self.honest_ctx(h))
        self.add_decoy("callcentre_callback_line", hs, [{"type": "phone", "value": line}], {"line": line})

    # --------------------------------------------------------------- output
    def write(self, out):
        r = self.r
        os.makedirs(out, exist_ok=True)
        P = self.params
        hrows = []
        for h in self.holders:
            cur = r.random() < P["p_registry_shows_current"]
            ph = h["cur"]["phone"] if cur else h["reg_phone"]
            ad = h["cur"]["address"] if cur else h["reg_addr"]
            hrows.append({"holder_id": h["holder_id"], "name": h["name"], "id_number": self.fmt_id(h["id_number"]),
                          "phone": self.fmt_phone(ph), "address": self.fmt_addr(ad), "city": h["city"][1] if r.random() < 0.9 else h["city"][2],
                          "created_at": self.ts(h["_created"], date_only=r.random() < 0.5)})
        arows = [{"agent_id": a["agent_id"], "name": a["name"], "phone": self.fmt_phone(a["phone"]), "id_number": a["id_number"],
                  "org": a["org"], "status": a["status"], "hired_at": self.ts(a["_hired"], True),
                  "terminated_at": self.ts(a["_term"], True) if a["_term"] else ""} for a in self.agents]
        prows = []
        n_upd = 0
        for p in self.policies:
            row = {k: p[k] for k in ("policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status")}
            if p["status"] != "in_force" and r.random() < 0.03:
                prows.append(dict(row, status="in_force"))  # earlier extract; the later row wins
                n_upd += 1
            prows.append(row)
        P["policy_update_rows"] = n_upd
        crows = sorted(self.changes, key=lambda x: x["_t"])
        srows = sorted(self.surrenders, key=lambda x: x["_t"])
        mrows = sorted(self.complaints, key=lambda x: x["_t"])
        # deliberately bad rows (quarantine)
        self.bad = {}
        def bad(rows, fname, row, where=None):
            rows.insert(where if where is not None else r.randrange(len(rows)), row)
            self.bad[fname] = self.bad.get(fname, 0) + 1
        hx = self.holders[r.randrange(len(self.holders))]
        bad(hrows, "policyholders.csv", {"holder_id": "", "name": self.name(), "id_number": "", "phone": self.mobile(), "address": "", "city": "北京市", "created_at": "2021-05-06"})
        bad(hrows, "policyholders.csv", {"holder_id": "H9999001", "name": self.name(), "id_number": "", "phone": self.mobile(), "address": "", "city": "上海市", "created_at": "2021/13/40"})
        bad(arows, "agents.csv", {"agent_id": "AG99001", "name": self.name(), "phone": self.mobile(), "id_number": "", "org": "总公司", "status": "离职", "hired_at": "2015-03-01", "terminated_at": ""})
        bad(prows, "policies.csv", {"policy_id": "", "holder_id": hx["holder_id"], "agent_id": "AG00001", "product": PRODUCTS[0][0], "premium": "5000", "issued_at": "2019-01-01", "status": "in_force"})
        bad(prows, "policies.csv", {"policy_id": "P999000001", "holder_id": hx["holder_id"], "agent_id": "AG00001", "product": PRODUCTS[1][0], "premium": "五千元", "issued_at": "2019-01-01", "status": "in_force"})
        bad(prows, "policies.csv", {"policy_id": "P999000002", "holder_id": hx["holder_id"], "agent_id": "AG00001", "product": PRODUCTS[1][0], "premium": "5000", "issued_at": "2019-01-01", "status": "active"})
        base = dict(crows[0])
        for k in ("_t",):
            base.pop(k, None)
        bad(crows, "contact_changes.csv", dict(base, change_id="CC99000001", changed_at="2024-02-30T10:00:00"))
        bad(crows, "contact_changes.csv", dict(base, change_id="CC99000002", changed_at="N/A"))
        sb = dict(srows[0]); sb.pop("_t", None)
        bad(srows, "surrender_requests.csv", dict(sb, request_id="SR9900001", amount="12,3a4"))
        bad(srows, "surrender_requests.csv", dict(sb, request_id="SR9900002", status="done"))
        mb = dict(mrows[0]); mb.pop("_t", None)
        bad(mrows, "complaints.csv", dict(mb, complaint_id="CP9900001", filed_at="上周三"))
        bad(mrows, "complaints.csv", dict(mb, complaint_id=""))
        files = [
            ("policyholders.csv", ["holder_id", "name", "id_number", "phone", "address", "city", "created_at"], hrows, True),
            ("agents.csv", ["agent_id", "name", "phone", "id_number", "org", "status", "hired_at", "terminated_at"], arows, False),
            ("policies.csv", ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status"], prows, False),
            ("contact_changes.csv", ["change_id", "holder_id", "policy_id", "field", "old_value", "new_value", "changed_at", "channel", "ip", "device_id"], crows, False),
            ("surrender_requests.csv", ["request_id", "policy_id", "holder_id", "requested_at", "amount", "contact_phone", "payout_account", "payout_bank",
                                        "representative_name", "representative_id_number", "representative_phone", "channel", "ip", "device_id", "status"], srows, False),
            ("complaints.csv", ["complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone", "sender_address", "representative_name",
                                "representative_id_number", "representative_phone", "demand", "text"], mrows, True),
        ]
        counts = {}
        for fname, cols, rows, bom in files:
            cols2 = list(cols)
            r.shuffle(cols2) if fname == "policies.csv" else None
            with open(os.path.join(out, fname), "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=cols2, extrasaction="ignore", lineterminator="\r\n" if bom else "\n")
                w.writeheader()
                for row in rows:
                    w.writerow(row)
            counts[fname] = len(rows)
        P["bad_rows"] = self.bad
        P["rows"] = counts


# ----------------------------------------------------------------------------- texts

RING_TEMPLATES = [
    "本人于{year}年经业务员推荐购买了贵公司的{product}（保单号{pid}），业务员当时承诺保本保息、随时可以全额退还，"
    "并未告知退保会有损失，也未进行回访说明，属于严重的销售误导。现本人要求贵公司全额退还已交保费{prem}元，"
    "如不处理将继续向银保监部门投诉。",
    "投诉事项：{product}销售误导。{year}年业务员以存款名义向本人推销该产品，隐瞒了保险性质及退保损失，"
    "本人年纪大看不清合同，签字均为业务员代签。请求：一、全额退还保费{prem}元；二、赔偿利息损失。保单号：{pid}。",
    "尊敬的监管部门：我是{name}，{year}年在{agentorg}被人误导买了{product}，当时说是理财产品，一年后可以连本带息取出，"
    "现在才知道是保险，要交{years}年。本人经济困难，要求全额退保，保单号{pid}，请监管部门帮助维权。",
    "本人购买的{product}存在以下问题：1.业务员夸大收益；2.未如实告知犹豫期及退保损失；3.投保单非本人亲笔签名。"
    "根据《保险法》及相关规定，该合同应属无效，要求贵司全额退还所交保费共计{prem}元。联系人：{name}。",
]
SYNONYMS = [("业务员", "销售人员"), ("全额退还", "全部退还"), ("误导", "欺骗"), ("本人", "我"), ("贵公司", "你们公司"),
            ("要求", "请求"), ("投诉", "举报"), ("保费", "保险费"), ("隐瞒", "没有告知")]
RING_DEMANDS = ["全额退保", "退还全部保费", "全额退保并赔偿利息", "撤销合同退还保费"]
HONEST_DEMANDS = ["尽快理赔", "解释扣费原因", "更换服务人员", "道歉", "退保", "查明情况并回复", "减少退保损失"]
HONEST_PIECES = [
    "理赔申请提交一个多月了还没有结果，打电话也没人回复。", "每年续期扣款时间不通知就直接扣，希望说明。",
    "客服态度很差，问问题不耐烦。", "分红比当初演示的少很多，想知道原因。", "保单信息里名字写错了，改了几次都没改好。",
    "退保金额和我算的差太多，请核实。", "原来的业务员离职了，现在没人服务。", "短信通知太多，我没同意推销。",
    "体检报告寄过去说没收到。", "我母亲住院的报销材料被退回来了，理由不清楚。", "网上办理一直提示系统错误。",
    "年金领取日期推迟了，没有通知。", "想减少保额但柜台说不行，请解释。", "账户价值和年报上的数字对不上。",
]
MEDIA_TEMPLATES = [
    "看到{media}报道{product}的问题，我也买了这个产品（{pid}），当时也说是稳赚不赔的，现在收益远低于宣传，要求给个说法。",
    "关于{product}收益不达预期的问题：媒体已经曝光，本人保单{pid}同样受影响，请公司公开说明并给出补偿方案。",
]
LAW_TEMPLATES = [
    "律师函：受{name}委托，就其于{year}年投保之{product}（保单号{pid}）一事函告贵司：经查，该合同订立过程中存在未履行明确说明义务之情形，"
    "依据《保险法》第十七条，相关免责条款不产生效力。请贵司于收函后十五日内与本所联系协商处理。",
    "法律意见书：委托人{name}，保单号{pid}，产品{product}。本所认为贵司在销售过程中存在告知不充分的问题，建议双方协商解决，保留诉讼权利。",
]


def fill(tpl, r, pol, h):
    return tpl.format(year=pol["_issued"].year, product=pol["product"], pid=pol["policy_id"], prem=pol["_premium"] * r.randint(1, 5),
                      name=h["name"], agentorg=pol["_agent"]["org"], years=pol["_years_paid"],
                      media=r.choice(["央视", "新京报", "某财经媒体", "微博大V", "地方电视台"]))


def ring_text(r, tid, pol, h, noise):
    s = fill(RING_TEMPLATES[tid], r, pol, h)
    for a, b in SYNONYMS:
        if r.random() < noise:
            s = s.replace(a, b)
    if r.random() < noise:
        s = s.replace("，", ",")
    if r.random() < noise:
        s += r.choice(["望尽快处理！", "谢谢。", "盼复。", "联系电话见上。"])
    return s


def honest_text(r, pol, h):
    parts = r.sample(HONEST_PIECES, r.randint(1, 3))
    s = "保单号%s，%s" % (pol["policy_id"], "".join(parts))
    if r.random() < 0.08:
        s = '我说"请给个说法"，对方说,这个我们也没办法。\n' + s  # quotes, commas, line break
    return s


def media_text(r, tid, pol, h):
    s = fill(MEDIA_TEMPLATES[tid], r, pol, h)
    if r.random() < 0.5:
        s += r.choice(HONEST_PIECES)
    return s


def law_text(r, tid, pol, h):
    return fill(LAW_TEMPLATES[tid], r, pol, h)


# kind -> (min size, max size)
RING_KINDS = {
    "social_media_refund": (6, 400),
    "ex_agent_client_list": (4, 60),
    "proxy_representatives": (4, 150),
    "rotating_mule_network": (40, 450),
    "mail_drop_address": (4, 80),
    "complaint_mill": (8, 250),
    "slow_drip": (3, 10),
    "app_takeover_farm": (5, 120),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--holders", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth", required=True)
    a = ap.parse_args()
    g = Gen(a.holders, a.seed)
    g.draw_params()
    g.build_book()
    g.plant_rings()
    g.plant_decoys()
    g.honest_activity({hid for x in g.groups if x["type"] == "ring" for hid in x["holders"]})
    g.write(a.out)
    truth = {"seed": a.seed, "holders": a.holders, "generator": "insurer-c", "params": g.params, "groups": g.groups}
    d = os.path.dirname(os.path.abspath(a.truth))
    os.makedirs(d, exist_ok=True)
    with open(a.truth, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, default=str)
    rings = [x for x in g.groups if x["type"] == "ring"]
    print("insurer-c seed=%d holders=%d rings=%d (victims %d) decoys=%d (holders %d)" % (
        a.seed, a.holders, len(rings), sum(len(x["holders"]) for x in rings),
        len(g.groups) - len(rings), sum(len(x["holders"]) for x in g.groups if x["type"] == "decoy")))
    for k, v in g.params["rows"].items():
        print("  %s: %d rows (%d intended bad)" % (k, v, g.bad.get(k, 0)))


if __name__ == "__main__":
    main()

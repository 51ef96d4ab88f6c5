#!/usr/bin/env python3
"""insurer-b: a synthetic Chinese life insurer with agent-refund (代理退保) rings and honest look-alikes.

Python 3 standard library only. Deterministic: the same --seed and --holders give byte-identical files.

    python3 generate.py --holders 20000 --seed 101 --out DIR/data --truth DIR/truth.json

Written from the author's own picture of insurer data (see README.md); it does not use or mirror the
product's detector, documentation or any other generator.
"""
import argparse
import bisect
import csv
import datetime as dt
import json
import os
import random

# ----------------------------------------------------------------------------------------------------
# Static reference data
# ----------------------------------------------------------------------------------------------------

# province, city, id-area prefix (4 digits), landline area code, districts, weight, rural share
CITIES = [
    ("", "北京", "1101", "010", ["朝阳区", "海淀区", "丰台区", "西城区", "通州区", "昌平区"], 6, 0.05),
    ("", "上海", "3101", "021", ["浦东新区", "徐汇区", "闵行区", "杨浦区", "宝山区", "松江区"], 6, 0.04),
    ("", "天津", "1201", "022", ["南开区", "河西区", "滨海新区", "武清区"], 3, 0.10),
    ("", "重庆", "5001", "023", ["渝北区", "江北区", "沙坪坝区", "九龙坡区", "万州区"], 5, 0.30),
    ("广东省", "广州", "4401", "020", ["天河区", "白云区", "番禺区", "海珠区", "越秀区"], 6, 0.05),
    ("广东省", "深圳", "4403", "0755", ["南山区", "福田区", "宝安区", "龙岗区", "龙华区"], 6, 0.02),
    ("广东省", "东莞", "4419", "0769", ["长安镇", "虎门镇", "塘厦镇", "南城街道"], 3, 0.15),
    ("广东省", "佛山", "4406", "0757", ["禅城区", "南海区", "顺德区"], 3, 0.10),
    ("浙江省", "杭州", "3301", "0571", ["西湖区", "拱墅区", "余杭区", "萧山区", "滨江区"], 5, 0.10),
    ("浙江省", "温州", "3303", "0577", ["鹿城区", "瓯海区", "瑞安市", "乐清市"], 3, 0.25),
    ("江苏省", "南京", "3201", "025", ["鼓楼区", "玄武区", "江宁区", "秦淮区"], 4, 0.08),
    ("江苏省", "苏州", "3205", "0512", ["姑苏区", "吴中区", "工业园区", "昆山市"], 4, 0.08),
    ("江苏省", "徐州", "3203", "0516", ["云龙区", "鼓楼区", "铜山区", "邳州市"], 3, 0.35),
    ("山东省", "济南", "3701", "0531", ["历下区", "市中区", "槐荫区", "章丘区"], 3, 0.20),
    ("山东省", "临沂", "3713", "0539", ["兰山区", "罗庄区", "沂南县", "费县"], 3, 0.45),
    ("河南省", "郑州", "4101", "0371", ["金水区", "二七区", "中原区", "管城回族区"], 4, 0.20),
    ("河南省", "周口", "4116", "0394", ["川汇区", "郸城县", "鹿邑县", "太康县"], 3, 0.60),
    ("河北省", "石家庄", "1301", "0311", ["长安区", "桥西区", "裕华区", "正定县"], 3, 0.30),
    ("湖北省", "武汉", "4201", "027", ["武昌区", "江汉区", "洪山区", "汉阳区"], 4, 0.08),
    ("湖南省", "长沙", "4301", "0731", ["岳麓区", "芙蓉区", "雨花区", "开福区"], 4, 0.15),
    ("四川省", "成都", "5101", "028", ["锦江区", "武侯区", "成华区", "双流区", "郫都区"], 5, 0.12),
    ("四川省", "南充", "5113", "0817", ["顺庆区", "高坪区", "阆中市", "营山县"], 2, 0.55),
    ("福建省", "福州", "3501", "0591", ["鼓楼区", "台江区", "仓山区", "福清市"], 3, 0.15),
    ("福建省", "泉州", "3505", "0595", ["丰泽区", "鲤城区", "晋江市", "石狮市"], 3, 0.20),
    ("安徽省", "合肥", "3401", "0551", ["蜀山区", "包河区", "庐阳区", "肥西县"], 3, 0.20),
    ("辽宁省", "沈阳", "2101", "024", ["和平区", "沈河区", "铁西区", "皇姑区"], 3, 0.10),
    ("黑龙江省", "哈尔滨", "2301", "0451", ["南岗区", "道里区", "香坊区", "松北区"], 3, 0.15),
    ("陕西省", "西安", "6101", "029", ["雁塔区", "碑林区", "未央区", "长安区"], 4, 0.12),
    ("云南省", "昆明", "5301", "0871", ["五华区", "盘龙区", "官渡区", "西山区"], 2, 0.20),
    ("广西壮族自治区", "南宁", "4501", "0771", ["青秀区", "兴宁区", "西乡塘区", "江南区"], 2, 0.25),
    ("江西省", "南昌", "3601", "0791", ["东湖区", "西湖区", "青山湖区", "红谷滩区"], 2, 0.20),
    ("山西省", "太原", "1401", "0351", ["小店区", "迎泽区", "杏花岭区", "万柏林区"], 2, 0.15),
]
MUNICIPALITIES = {"北京", "上海", "天津", "重庆"}

ROADS = ["人民路", "解放路", "中山路", "建设路", "文化路", "胜利路", "和平路", "新华路", "长江路", "黄河路",
         "朝阳路", "光明路", "健康路", "青年路", "东风路", "红旗路", "学府路", "科技路", "工业大道", "滨江大道",
         "幸福路", "团结路", "北京路", "上海路", "南京路", "迎宾大道", "湖滨路", "体育路", "花园路", "振兴路",
         "文三路", "紫荆路", "金桥路", "望江路", "春晖路", "兴业街", "府前街", "西大街", "东环路", "南环路"]
COMPOUND_A = ["华星", "阳光", "金色", "翠苑", "锦绣", "碧桂", "万科", "绿城", "幸福", "和谐", "东方", "世纪",
              "御景", "紫金", "龙湖", "保利", "恒大", "馨园", "丽景", "怡和", "富康", "长城", "明珠", "天元",
              "铁路", "纺织厂", "电力", "教师", "农机", "粮食局", "煤矿", "化工厂", "水利", "邮电"]
COMPOUND_B = ["小区", "花园", "家园", "公寓", "新村", "苑", "名城", "佳苑", "宿舍", "城", "雅居"]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国建华玉兰志强桂兰红梅海燕德明淑珍凤英"
         "丽华春梅玉梅兰英金凤志明小红晓东国平秀珍淑英亮鹏辉斌宇浩凯健俊帆琳欣怡佳慧婷雪梅玉珍淑兰")
TOWN_SUFFIX = ["庄", "村", "湾", "楼", "营", "屯", "寨", "店", "集", "岗", "坪", "坝"]
COUNTY_NAMES = ["平安", "永丰", "太和", "长乐", "安平", "清河", "丰乐", "新集", "双河", "石桥", "龙泉", "白马",
                "柳林", "大兴", "青山", "杨柳", "三合", "高庙", "桃园", "黄岗"]

BANKS = [("622202", "中国工商银行", 19), ("621700", "中国建设银行", 19), ("622848", "中国农业银行", 19),
         ("621661", "中国银行", 19), ("622588", "招商银行", 16), ("622260", "交通银行", 19),
         ("621799", "中国邮政储蓄银行", 19), ("623058", "平安银行", 19), ("622908", "兴业银行", 18),
         ("621483", "招商银行", 16), ("622155", "中国工商银行", 16), ("621226", "中国工商银行", 19),
         ("623668", "中国建设银行", 19), ("621098", "中国邮政储蓄银行", 19), ("622689", "中信银行", 16),
         ("621462", "农村信用社", 19), ("623190", "农村商业银行", 19)]

# product, kind (annual/single), premium range, pay years, refund-attractive
PRODUCTS = [
    ("鑫享年年年金保险", "annual", (6000, 60000), 10, True),
    ("福寿安康终身寿险(增额版)", "annual", (10000, 100000), 5, True),
    ("金瑞人生两全保险(分红型)", "annual", (3000, 30000), 10, True),
    ("盛世尊享万能型终身寿险", "single", (50000, 500000), 1, True),
    ("康宁终身重大疾病保险", "annual", (2000, 15000), 20, True),
    ("守护一生重大疾病保险", "annual", (1500, 12000), 20, True),
    ("安心百万医疗险", "annual", (200, 1500), 1, False),
    ("少儿成长年金保险", "annual", (3000, 20000), 15, True),
    ("乐享养老年金保险", "annual", (10000, 80000), 10, True),
    ("金福定期寿险", "annual", (500, 4000), 20, False),
    ("意外伤害保险(综合版)", "annual", (100, 600), 1, False),
    ("稳盈一号两全保险", "single", (20000, 300000), 1, True),
]

# ----------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
FW = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"}


def id_check(body17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def fullwidth(s):
    return "".join(FW.get(c, c) for c in s)


def weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


class Gen:
    def __init__(self, holders, seed):
        self.n = holders
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 17)
        self.params = {}
        self.used_phones = set()
        self.used_accts = set()
        self.used_devices = set()
        self.used_ids = set()
        self.groups = []
        self.events = []  # (t, seq, kind, payload)
        self.evseq = 0
        self.policies = []
        self.agents = []
        self.holders = []

    # ---- drawing parameters ----
    def U(self, name, lo, hi, integer=False):
        v = self.rng.randint(lo, hi) if integer else round(self.rng.uniform(lo, hi), 5)
        self.params[name] = v
        return v

    # ---- identifiers and values ----
    def new_phone(self):
        rng = self.rng
        while True:
            p = "1" + rng.choice("3333555778889999966") + rng.choice("0123456789") + "%08d" % rng.randrange(10 ** 8)
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def new_landline(self, city):
        area = CITIES[city][3]
        while True:
            n = area + str(self.rng.randint(2, 8)) + "%07d" % self.rng.randrange(10 ** 7)
            if len(area) == 4:
                n = n[:12]
            if n not in self.used_phones:
                self.used_phones.add(n)
                return n

    def new_account(self):
        rng = self.rng
        while True:
            bin_, bank, ln = rng.choice(BANKS)
            body = bin_ + "".join(rng.choice("0123456789") for _ in range(ln - 7))
            a = body + luhn_digit(body)
            if rng.random() < 0.004:  # a legacy / mistyped account failing Luhn (warning only)
                a = a[:-1] + str((int(a[-1]) + 1) % 10)
            if a not in self.used_accts:
                self.used_accts.add(a)
                return a

    def new_id_number(self, city, birth):
        rng = self.rng
        while True:
            area = CITIES[city][2] + "%02d" % rng.randint(1, 30)
            seq = "%03d" % rng.randrange(1000)
            body = area + birth.strftime("%Y%m%d") + seq
            v = body + id_check(body)
            if v not in self.used_ids:
                self.used_ids.add(v)
                return v

    def new_device(self, style=None):
        rng = self.rng
        style = style if style is not None else rng.random()
        while True:
            if style < 0.45:
                h = "%032x" % rng.getrandbits(128)
                d = "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
                d = d.upper() if rng.random() < 0.5 else d
            elif style < 0.75:
                d = "android-%016x" % rng.getrandbits(64)
            elif style < 0.9:
                d = "86%013d" % rng.randrange(10 ** 13)
            else:
                d = "wx_o%s" % "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
                                       for _ in range(24))
            if d not in self.used_devices:
                self.used_devices.add(d)
                return d

    def city_ip(self, city, fixed=None):
        rng = self.rng
        b = self.ip_blocks[city]
        a, c = rng.choice(b)
        return "%d.%d.%d.%d" % (a, c, rng.randrange(256), rng.randint(1, 254))

    def new_email(self, name_hint=None):
        rng = self.rng
        dom = weighted(rng, ["qq.com", "163.com", "126.com", "sina.com", "139.com", "foxmail.com", "hotmail.com"],
                       [50, 20, 8, 4, 8, 5, 3])
        if dom == "qq.com" and rng.random() < 0.7:
            user = str(rng.randint(10 ** 5, 3 * 10 ** 9))
        else:
            user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9))) + \
                   str(rng.randint(0, 9999)) if rng.random() < 0.7 else \
                   "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 10)))
        return user + "@" + dom

    def new_name(self, surname=None):
        rng = self.rng
        s = surname or rng.choice(SURNAMES)
        if rng.random() < 0.012:
            s = rng.choice(["欧阳", "司马", "诸葛", "上官", "慕容"])
        g = rng.choice(GIVEN)
        if rng.random() < 0.7:
            g += rng.choice(GIVEN)
        return s + g

    # ---- addresses: a tuple key, rendered in several spellings ----
    def new_flat(self, city):
        rng = self.rng
        dist = rng.choice(CITIES[city][4])
        road = rng.choice(ROADS)
        num = rng.randint(1, 999)
        comp = rng.choice(COMPOUND_A) + rng.choice(COMPOUND_B)
        return ("flat", city, dist, road, num, comp, rng.randint(1, 30), rng.randint(1, 6),
                rng.randint(1, 33) * 100 + rng.randint(1, 6))

    def new_village(self, city):
        rng = self.rng
        county = rng.choice(COUNTY_NAMES) + rng.choice(["县", "县", "市"])
        town = rng.choice(COUNTY_NAMES) + rng.choice(["镇", "乡", "镇"])
        vil = rng.choice(SURNAMES) + rng.choice(TOWN_SUFFIX) + "村"
        return ("village", city, county, town, vil)

    def new_place(self, city, label, room=None):
        rng = self.rng
        dist = rng.choice(CITIES[city][4])
        road = rng.choice(ROADS)
        return ("place", city, dist, road, rng.randint(1, 400), label, room)

    def render_addr(self, a, style=None, with_city=True):
        """Spellings of one address. style None = canonical (as written in truth)."""
        rng = self.rng
        prov, cityname = CITIES[a[1]][0], CITIES[a[1]][1]
        cityfull = cityname + "市"
        s = 0 if style is None else style
        if a[0] == "village":
            county, town, vil = a[2], a[3], a[4]
            grp = ("%d号" % a[5]) if len(a) > 5 and a[5] else ""
            parts = [prov if (s in (0, 3) and prov) else "", cityfull if (with_city and s != 4) else "", county, town, vil]
            txt = "".join(parts) + grp
            if s == 2:
                txt = " ".join(p for p in parts if p) + grp
            elif s == 5:
                txt = fullwidth(txt)
            return txt
        if a[0] == "place":
            _, _, dist, road, num, label, room = a
            base = [prov if (s == 0 and prov) else "", cityfull if with_city else "", dist, road + str(num) + "号", label]
            if room:
                base.append(room)
            if s == 2:
                return " ".join(p for p in base if p)
            txt = "".join(base)
            if s == 5:
                txt = fullwidth(txt)
            return txt
        _, _, dist, road, num, comp, b, u, r = a
        if s == 0:
            return (prov if prov else "") + cityfull + dist + road + "%d号" % num + comp + "%d栋%d单元%d室" % (b, u, r)
        if s == 1:  # no province, 幢
            return cityfull + dist + road + "%d号" % num + comp + "%d幢%d单元%d室" % (b, u, r)
        if s == 2:  # spaces
            return "%s %s %s%d号 %s %d栋%d单元%d室" % (cityfull if with_city else "", dist, road, num, comp, b, u, r)
        if s == 3:  # shorthand
            return (cityname if with_city else "") + dist + road + "%d号" % num + comp + "%d-%d-%d" % (b, u, r)
        if s == 4:  # 号楼, no 小区 suffix, no city (registered address only)
            c = comp[:-2] if comp.endswith("小区") else comp
            return (cityfull if with_city else "") + road + "%d号" % num + c + "%d号楼%d单元%d" % (b, u, r)
        if s == 5:  # full width
            return fullwidth((prov or "") + cityfull + dist + road + "%d号" % num + comp + "%d栋%d单元%d室" % (b, u, r))
        return cityfull + dist + road + "%d号" % num + comp + "%d栋%d单元%d室" % (b, u, r)

    def addr_out(self, a, registered=False):
        rng = self.rng
        st = weighted(rng, [0, 1, 2, 3, 4, 5], self.addr_style_w)
        if st == 4 and not registered and a[0] == "flat":
            st = 1
        txt = self.render_addr(a, st, with_city=(not registered) or rng.random() < 0.8 or st == 0)
        if rng.random() < 0.03:
            txt = "  " + txt + " "
        if rng.random() < 0.02:
            txt = txt.replace(" ", "\u3000")
        return txt

    # ---- messy rendering ----
    def phone_out(self, p):
        rng = self.rng
        if not p:
            return ""
        if rng.random() >= self.phone_messy:
            return p
        if len(p) == 11 and p[0] == "1":
            st = rng.randrange(7)
            if st == 0:
                return "+86 " + p
            if st == 1:
                return "%s-%s-%s" % (p[:3], p[3:7], p[7:])
            if st == 2:
                return "%s %s %s" % (p[:3], p[3:7], p[7:])
            if st == 3:
                return "0086" + p
            if st == 4:
                return "86-" + p
            if st == 5:
                return "+86-%s.%s.%s" % (p[:3], p[3:7], p[7:])
            return "(+86)" + p
        area = 3 if p[:2] in ("01", "02") else 4
        st = rng.randrange(3)
        if st == 0:
            return p[:area] + "-" + p[area:]
        if st == 1:
            return "(" + p[:area] + ")" + p[area:]
        return p[:area] + " " + p[area:area + 4] + " " + p[area + 4:]

    def acct_out(self, a):
        rng = self.rng
        if not a:
            return ""
        if rng.random() < self.acct_messy:
            return " ".join(a[i:i + 4] for i in range(0, len(a), 4))
        return a

    def ts(self, t, date_only=False):
        d = self.W0 + dt.timedelta(seconds=int(t))
        rng = self.rng
        if date_only or rng.random() < self.date_only_share:
            return d.strftime("%Y-%m-%d")
        s = d.strftime("%Y-%m-%dT%H:%M:%S")
        if rng.random() < self.tz_share:
            s += "+08:00"
        return s

    def money(self, x):
        x = round(x, 2)
        r = self.rng.random()
        if r < 0.4 and abs(x - round(x)) < 1e-9:
            return "%d" % round(x)
        if r < 0.5:
            s = "%.2f" % x
            return s[:-1] if s.endswith("0") else s
        return "%.2f" % x

    def emit(self, t, kind, payload):
        # people act in the daytime; counters keep office hours
        day = int(t // DAY)
        if payload.get("ch") == "counter":
            tod = self.rng.uniform(9 * 3600, 17 * 3600)
        else:
            tod = min(23.9 * 3600, max(6.5 * 3600, self.rng.gauss(14.5 * 3600, 3.8 * 3600)))
        t = day * DAY + tod
        self.evseq += 1
        self.events.append((t, self.evseq, kind, payload))

    def group(self, gtype, kind, holders, controllers, extra=None):
        g = {"type": gtype, "kind": kind, "holders": holders, "controllers": controllers}
        if extra:
            g.update(extra)
        self.groups.append(g)
        return g


class Holder:
    __slots__ = ("idx", "hid", "name", "idn", "gender", "birth", "age", "city", "addr", "phone", "acct", "email",
                 "device", "created", "hh", "inst", "pols", "agent", "victim", "reg_phone", "reg_addr", "rural")

    def __init__(self, idx):
        self.idx = idx
        self.hid = None
        self.email = None
        self.device = None
        self.inst = False
        self.victim = False
        self.pols = []
        self.agent = None
        self.rural = False


class Agent:
    __slots__ = ("idx", "aid", "name", "phone", "idn", "org", "city", "hired", "term", "clients", "tablet")

    def __init__(self, idx):
        self.idx = idx
        self.clients = []
        self.tablet = None


class Policy:
    __slots__ = ("idx", "pid", "h", "agent", "prod", "premium", "issued", "status", "ring_target", "surr")

    def __init__(self, idx):
        self.idx = idx
        self.ring_target = False
        self.surr = False


YEAR = 365.25 * 86400
DAY = 86400.0


def build(g):
    rng = g.rng
    n = g.n
    U = g.U
    # ---------------- window & formatting ----------------
    end = dt.datetime(2025, 11, 1) + dt.timedelta(days=U("window_end_offset_days", 0, 170, True))
    wdays = U("window_days", 730, 1095, True)
    g.W0 = end - dt.timedelta(days=wdays)
    g.W1 = wdays * DAY
    g.phone_messy = U("phone_messy_share", 0.08, 0.40)
    g.acct_messy = U("account_spaced_share", 0.05, 0.35)
    g.tz_share = U("timestamp_offset_share", 0.0, 0.7)
    g.date_only_share = U("timestamp_date_only_share", 0.0, 0.15)
    w = [U("addr_style_w%d" % i, 0.1, 1.0) for i in range(6)]
    w[0] += 1.0
    g.addr_style_w = w
    g.export_current = rng.random() < 0.5
    g.params["export_current_contacts"] = int(g.export_current)

    # IP blocks per city (two first octets), carrier NAT egress pools
    octs = list(range(27, 223))
    g.ip_blocks = []
    for c in CITIES:
        g.ip_blocks.append([(rng.choice(octs), rng.randrange(256)) for _ in range(rng.randint(3, 8))])
    nat_per_city = U("carrier_nat_ips_per_city", 3, 25, True)
    g.nat_pool = [[g.city_ip(ci) for _ in range(max(2, int(nat_per_city * CITIES[ci][5] / 4)))]
                  for ci in range(len(CITIES))]
    g.nat_share = U("carrier_nat_share_of_app", 0.15, 0.6)
    g.app_share = U("app_channel_share", 0.35, 0.7)
    g.counter_share = U("counter_channel_share", 0.1, 0.3)
    g.agent_ch_share = U("agent_channel_share", 0.05, 0.2)

    city_w = [c[5] * rng.uniform(0.5, 1.5) for c in CITIES]
    city_ids = list(range(len(CITIES)))

    # ---------------- agents ----------------
    per_agent = U("holders_per_agent", 40, 110, True)
    term_share = U("agent_terminated_share", 0.25, 0.55)
    n_agents = max(25, n // per_agent)
    g.city_agents = [[] for _ in CITIES]
    for i in range(n_agents):
        a = Agent(i)
        a.aid = "AG%06d" % (100000 + i * 7 + rng.randint(0, 6))
        a.city = weighted(rng, city_ids, city_w)
        a.name = g.new_name()
        a.phone = g.new_phone()
        a.idn = g.new_id_number(a.city, dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)))
        cn = CITIES[a.city][1]
        a.org = rng.choice([cn + "分公司", cn + "分公司" + rng.choice(CITIES[a.city][4]) + "营销服务部",
                            cn + "中心支公司个险" + str(rng.randint(1, 9)) + "部", cn + "分公司银保渠道部"])
        a.hired = -rng.uniform(0.2, 14) * YEAR
        a.term = None
        if rng.random() < term_share:
            a.term = a.hired + rng.uniform(0.3, 8) * YEAR
            if a.term > g.W1 - 20 * DAY:
                a.term = None
        g.agents.append(a)
        g.city_agents[a.city].append(a)
    for ci in city_ids:
        if not g.city_agents[ci]:
            g.city_agents[ci].append(g.agents[rng.randrange(n_agents)])

    def pick_agent(ci, t):
        pool = g.city_agents[ci] if rng.random() < 0.93 else g.agents
        for _ in range(8):
            a = rng.choice(pool)
            if a.hired <= t and (a.term is None or a.term > t):
                return a
        return a

    # ---------------- holders in households and villages ----------------
    single_share = U("household_single_share", 0.45, 0.7)
    couple_phone_share = U("elderly_couple_shared_phone_share", 0.2, 0.6)
    house_no_share = U("village_house_number_share", 0.2, 0.7)
    villagers_per_village = U("villagers_per_village_mean", 6, 30, True)
    committee_phone_share = U("village_committee_phone_share", 0.1, 0.45)
    email_share = U("email_share", 0.1, 0.4)
    device_share = U("app_user_share", 0.5, 0.9)
    g.villages = [[] for _ in CITIES]  # list of [addr, committee phone, members]

    def age_draw():
        return int(min(88, max(20, rng.gauss(48, 13))))

    def make_holder(ci, age, addr, surname=None, gender=None):
        h = Holder(len(g.holders))
        h.city = ci
        h.age = age
        y = end.year - age
        h.birth = dt.date(y, rng.randint(1, 12), rng.randint(1, 28))
        h.gender = gender if gender is not None else rng.randrange(2)
        h.name = g.new_name(surname)
        idn = g.new_id_number(ci, h.birth)
        r = rng.random()
        if y < 1972 and r < 0.012:
            idn = idn[:6] + idn[8:17]  # legacy 15-digit
        elif r < 0.004:
            idn = idn[:10] + ("%02d" % ((int(idn[10:12]) + 3) % 100)) + idn[12:]  # typo: bad check digit/date
        elif idn[-1] == "X" and rng.random() < 0.3:
            idn = idn[:-1] + "x"
        h.idn = idn
        h.addr = addr
        h.phone = g.new_phone() if rng.random() < 0.985 else (g.new_landline(ci) if rng.random() < 0.6 else "")
        h.acct = g.new_account()
        if rng.random() < email_share * (1.3 if age < 45 else 0.5):
            h.email = g.new_email()
        if rng.random() < device_share * (1.1 if age < 60 else 0.6):
            h.device = g.new_device()
        # account opened years ago mostly
        lo = -15 * YEAR
        t = lo + (g.W1 - lo) * (rng.random() ** 0.8)
        h.created = t
        g.holders.append(h)
        return h

    hh_id = 0
    g.households = []
    while len(g.holders) < n:
        ci = weighted(rng, city_ids, city_w)
        rural = rng.random() < CITIES[ci][6]
        if rural:
            vs = g.villages[ci]
            if not vs or rng.random() < 1.0 / villagers_per_village * 2.2:
                vaddr = g.new_village(ci)
                vs.append([vaddr, g.new_landline(ci) if rng.random() < 0.6 else g.new_phone(), []])
            v = rng.choice(vs[-6:])
            addr = v[0] + ((rng.randint(1, 180),) if rng.random() < house_no_share else (0,))
        else:
            v = None
            addr = g.new_flat(ci)
        r = rng.random()
        size = 1 if r < single_share else (2 if r < single_share + (1 - single_share) * 0.7 else rng.randint(3, 4))
        size = min(size, n - len(g.holders))
        a0 = age_draw()
        first = make_holder(ci, a0, addr)
        first.rural = rural
        members = [first]
        for k in range(1, size):
            if k == 1:
                ak = max(20, min(88, a0 + rng.randint(-5, 5)))
                m = make_holder(ci, ak, addr, gender=1 - first.gender)
            elif a0 < 55:
                m = make_holder(ci, min(88, a0 + rng.randint(22, 32)), addr, surname=first.name[0])
            else:
                m = make_holder(ci, max(20, a0 - rng.randint(22, 32)), addr, surname=first.name[0])
            m.rural = rural
            members.append(m)
        shared_phone = None
        if size >= 2 and members[0].age >= 60 and members[1].age >= 60 and rng.random() < couple_phone_share:
            members[1].phone = members[0].phone
            shared_phone = members[0].phone
        if v is not None:
            if rng.random() < committee_phone_share and first.age >= 50:
                first.phone = v[1]
            v[2].extend(m.idx for m in members)
        for m in members:
            m.hh = hh_id
        g.households.append((members, shared_phone, addr))
        hh_id += 1
    g.holders_by_city = [[] for _ in CITIES]
    for h in g.holders:
        g.holders_by_city[h.city].append(h)

    # ---------------- policies ----------------
    pol_extra = U("extra_policy_prob", 0.25, 0.55)
    lapse = U("lapse_share", 0.02, 0.07)
    prod_w = [rng.uniform(0.3, 2.0) for _ in PRODUCTS]
    for h in g.holders:
        k = 1
        while k < 6 and rng.random() < pol_extra:
            k += 1
        t = h.created
        agent = pick_agent(h.city, t)
        h.agent = agent
        for j in range(k):
            p = Policy(len(g.policies))
            p.h = h
            p.prod = weighted(rng, range(len(PRODUCTS)), prod_w)
            lo, hi = PRODUCTS[p.prod][2]
            p.premium = round(rng.uniform(lo, hi) / 100) * 100 + (rng.choice([0, 0, 0, 50, 88, 66.5]))
            p.issued = t
            if j > 0 or rng.random() < 0.1:
                p.agent = pick_agent(h.city, t) if rng.random() < 0.3 else agent
            else:
                p.agent = agent
            p.status = "in_force"
            if PRODUCTS[p.prod][1] == "annual" and t < -YEAR and rng.random() < lapse:
                p.status = "lapsed"
            p.agent.clients.append(h.idx)
            h.pols.append(p)
            g.policies.append(p)
            t = t + rng.uniform(30 * DAY, 4 * YEAR)
            if t > g.W1 - 5 * DAY:
                break


# ----------------------------------------------------------------------------------------------------
# Shared infrastructure and honest channels
# ----------------------------------------------------------------------------------------------------

def share(g, key, kind, controllers, hidx):
    s = g.shared.get(key)
    if s is None:
        s = {"kind": kind, "controllers": controllers, "holders": [], "seen": set()}
        g.shared[key] = s
    if hidx not in s["seen"]:
        s["seen"].add(hidx)
        s["holders"].append(hidx)


def setup_channels(g):
    rng = g.rng
    g.shared = {}
    nb = g.U("branch_counters_per_city", 1, 4, True)
    g.branches = []
    for ci in range(len(CITIES)):
        bl = []
        for b in range(max(1, int(round(nb * CITIES[ci][5] / 4.0)))):
            devs = [g.new_device(0.1) for _ in range(rng.randint(1, 3))]
            ip = g.city_ip(ci)
            bl.append((devs, ip))
        g.branches.append(bl)
    tablet_share = g.U("agent_tablet_share", 0.1, 0.5)
    for a in g.agents:
        if rng.random() < tablet_share:
            a.tablet = g.new_device(0.2)


def honest_channel(g, h, t, kinds=None):
    """(channel, ip, device) for a policyholder's own action."""
    rng = g.rng
    r = rng.random()
    if kinds == "online":
        r = r * g.app_share
    if r < g.app_share:
        ch = "app" if rng.random() < 0.75 else rng.choice(["wechat", "web"])
        if h.device is None:
            h.device = g.new_device()
        dev = h.device if rng.random() < 0.92 else g.new_device()
        if rng.random() < g.nat_share:
            ip = rng.choice(g.nat_pool[h.city])
            share(g, ("nat", ip), "carrier_nat", [{"type": "ip", "value": ip}], h.idx)
        else:
            ip = g.city_ip(h.city)
        return ch, ip, dev
    r -= g.app_share
    if r < g.counter_share:
        bi = rng.randrange(len(g.branches[h.city]))
        devs, ip = g.branches[h.city][bi]
        dev = rng.choice(devs)
        share(g, ("branch", h.city, bi), "branch_counter",
              [{"type": "device", "value": d} for d in devs] + [{"type": "ip", "value": ip}], h.idx)
        return "counter", ip, dev
    r -= g.counter_share
    if r < g.agent_ch_share and h.agent is not None and h.agent.tablet and \
            (h.agent.term is None or h.agent.term > t):
        a = h.agent
        ip = rng.choice(g.nat_pool[a.city])
        share(g, ("tablet", a.idx), "agent_tablet", [{"type": "device", "value": a.tablet}], h.idx)
        return "agent", ip, a.tablet
    return "hotline", "", ""


def years_held(p, t):
    return max(0.0, (t - p.issued) / YEAR)


def premiums_paid(p, t):
    prod = PRODUCTS[p.prod]
    if prod[1] == "single":
        return p.premium
    yrs = int(years_held(p, t)) + 1
    return p.premium * min(yrs, prod[3])


def cash_value(g, p, t):
    y = years_held(p, t)
    paid = premiums_paid(p, t)
    prod = PRODUCTS[p.prod]
    if not prod[4]:
        return round(paid * g.rng.uniform(0.0, 0.08), 2)
    if prod[1] == "single":
        f = g.rng.uniform(0.82, 0.97) + 0.025 * y
    elif y < 2:
        f = g.rng.uniform(0.05, 0.35)
    elif y < 5:
        f = g.rng.uniform(0.35, 0.8)
    else:
        f = g.rng.uniform(0.75, 1.15)
    return round(paid * f, 2)


def active_policy(g, h, t, valuable=False):
    c = [p for p in h.pols if p.issued < t - 20 * DAY and p.status == "in_force" and not p.surr and not p.ring_target]
    if valuable:
        v = [p for p in c if PRODUCTS[p.prod][4]]
        c = v or c
    return g.rng.choice(c) if c else None


def rep_person(g, city, valid=0.9):
    rng = g.rng
    name = g.new_name()
    idn = g.new_id_number(city, dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)))
    if rng.random() > valid:
        idn = "" if rng.random() < 0.6 else idn[:12] + "****" + idn[16:]
    return (name, idn, g.new_phone())


def rep_ctrl(rep):
    return {"type": "representative", "value": rep[1] if rep[1] and "*" not in rep[1] else rep[0]}


def ph_ctrl(p):
    return {"type": "phone", "value": p}


# ----------------------------------------------------------------------------------------------------
# Complaint texts
# ----------------------------------------------------------------------------------------------------

PROMISES = ["跟银行定期存款一样，随时可以取出", "保本保息，年化收益有5%以上", "交满三年就能全额返还本金",
            "是银行推出的理财产品", "不想要了随时可以退，一分钱不少", "每年分红至少8%", "只交一年就可以",
            "比存银行利息高一倍", "是政府补贴的养老产品"]
HIDDEN = ["提前退保会损失大部分本金", "这是保险而不是存款", "缴费期长达十年", "现金价值很低", "分红是不确定的",
          "合同有犹豫期", "需要连续缴费二十年", "健康告知的要求"]
RING_TEMPLATES = [
    "本人{name}于{year}年经贵公司业务员推荐购买了《{product}》，当时业务员承诺{promise}，并未告知{hidden}。"
    "本人{weak}，属于典型的销售误导。现要求贵公司全额退还已交保费{amount}元，否则将向金融监管部门投诉。",
    "投诉事项：《{product}》销售误导。\n事实与理由：{year}年销售人员以\"{promise}\"为由诱导本人投保，未履行明确说明义务，"
    "双录不完整，{hidden}未作任何提示。\n诉求：解除保险合同，全额退还保费{amount}元。",
    "我要投诉，{year}年被业务员忽悠买了{product}，说是{promise}，结果根本不是这样，{hidden}也没人告诉我。"
    "要求全额退保，退还{amount}元！！",
    "尊敬的监管部门：投保人{name}（身份证号{idtail}）反映，{year}年{insurer}业务员代签名、虚假宣传（{promise}），"
    "违反《保险法》第十七条、第一百三十一条之规定。请求责令保险公司全额退还保费人民币{amount}元并追究相关人员责任。",
    "关于{product}的投诉：1.业务员承诺{promise}；2.未告知{hidden}；3.投保单非本人签字。本人要求无条件全额退保（{amount}元），"
    "不接受现金价值退保。",
]
WEAK = ["年纪大、文化程度低", "当时不识字，都是业务员代填的", "是农村老人，根本看不懂合同", "当时刚生完孩子，没有仔细看",
        "视力不好，没有看清条款"]
HONEST_TOPICS = [
    ("理赔", ["住院报销申请了两个月还没有结果", "理赔被拒，说是既往症，但我投保时如实告知了", "理赔材料交了三次，每次都说缺东西",
              "重疾理赔只赔了一部分，不认可", "医疗险报销金额计算有误"], ["尽快理赔", "给出书面解释", "全额赔付"]),
    ("服务", ["客服电话一直打不通", "业务员离职后没人服务", "APP登录不上去，改不了信息", "柜面排队两个小时",
              "保单寄送地址错误，一直没收到"], ["改进服务", "道歉", "指定专人服务"]),
    ("扣费", ["银行卡被重复扣款", "停缴后还在扣费", "续期扣费没有提前通知", "扣款金额跟合同不一致"], ["退还多扣费用", "解释说明"]),
    ("销售", ["买的时候说分红很高，实际分红很少", "业务员没讲清楚退保损失", "不记得签过这份附加险",
              "说是储蓄型的，结果是重疾险"], ["解除合同", "退还保费", "解释说明"]),
    ("保全", ["办理减保一直没有处理", "保单贷款利率太高", "变更受益人被要求提供太多材料", "生存金没有按时到账"],
     ["尽快办理", "解释说明", "赔偿利息损失"]),
]


def ring_text(g, tmpl, h, p, amount, mutate):
    rng = g.rng
    t = RING_TEMPLATES[tmpl]
    txt = t.format(name=h.name, year=end_year_of(g, p), product=PRODUCTS[p.prod][0], promise=g.ring_promise,
                   hidden=g.ring_hidden, weak=rng.choice(WEAK), amount=g.money(amount), idtail=h.idn[-4:],
                   insurer="贵公司")
    if rng.random() < mutate:
        txt = txt.replace("，", ",", rng.randint(1, 3))
    if rng.random() < mutate:
        txt = txt.replace("全额", "全部", 1)
    if rng.random() < mutate * 0.5:
        txt = txt + rng.choice(["望尽快处理。", "谢谢！", "请尽快给予答复。", ""])
    return txt


def end_year_of(g, p):
    return (g.W0 + dt.timedelta(seconds=int(p.issued))).year


def honest_text(g, h, p):
    rng = g.rng
    topic, issues, demands = rng.choice(HONEST_TOPICS)
    parts = rng.sample(issues, k=min(len(issues), rng.randint(1, 2)))
    lead = rng.choice(["", "你好，", "您好，", "我是%s，" % h.name, "本人%s，保单号尾号%s，" % (h.name, "%04d" % rng.randrange(10000))])
    mid = "；".join(parts)
    tail = rng.choice(["", "希望尽快解决。", "已经多次反映没有结果。", "请给个说法。", "不然我就去监管局投诉。",
                       "我年纪大了跑不动，请电话联系我。", "麻烦了。"])
    txt = lead + "关于《%s》，" % PRODUCTS[p.prod][0] + mid + "。" + tail
    if rng.random() < 0.1:
        txt = txt.replace("。", "!")
    return txt, rng.choice(demands)


# ----------------------------------------------------------------------------------------------------
# Honest look-alikes (decoys)
# ----------------------------------------------------------------------------------------------------

def pick(g, pool, k, pred):
    rng = g.rng
    out = []
    tries = 0
    while len(out) < k and tries < k * 30 and pool:
        tries += 1
        h = pool[rng.randrange(len(pool))]
        if pred(h) and not h.inst:
            h.inst = True
            out.append(h)
    return out


def rand_t(g, lo=0.0, hi=None):
    hi = g.W1 if hi is None else hi
    return g.rng.uniform(lo, hi)


def per10k(g, name, lo, hi):
    rate = g.U(name, lo, hi)
    x = rate * g.n / 10000.0
    k = int(x)
    if g.rng.random() < x - k:
        k += 1
    return k


def honest_structures(g):
    rng = g.rng
    W1 = g.W1
    cities = list(range(len(CITIES)))
    cw = [c[5] for c in CITIES]

    # -- nursing homes: elderly residents share the home's address, desk phone and director --
    for _ in range(per10k(g, "nursing_homes_per10k", 0.8, 4.0)):
        ci = weighted(rng, cities, cw)
        label = rng.choice(["福寿康养老院", "夕阳红老年公寓", "康乐颐养中心", "仁爱护理院", "松鹤养老服务中心", "幸福里长者之家"])
        home = g.new_place(ci, rng.choice(COUNTY_NAMES) + label)
        desk = g.new_landline(ci)
        director = rep_person(g, ci, 0.95)
        res = pick(g, g.holders_by_city[ci], rng.randint(5, 40), lambda h: h.age >= 68)
        if len(res) < 2:
            continue
        used = {"address": False, "phone": False, "rep": False}
        for h in res:
            t0 = rand_t(g, 0, W1 * 0.8)
            if rng.random() < 0.45 and h.created < 0:
                h.addr = home
                used["address"] = True
            else:
                ch, ip, dev = honest_channel(g, h, t0)
                g.emit(t0, "chg", dict(h=h, field="address", new=home, ch=ch, ip=ip, dev=dev))
                used["address"] = True
            if rng.random() < 0.35:
                g.emit(t0 + rng.uniform(1, 40) * DAY, "chg", dict(h=h, field="phone", new=desk, ch="counter" if rng.random() < 0.5 else "hotline",
                                                                    ip="", dev=""))
                used["phone"] = True
            if rng.random() < 0.3:
                p = active_policy(g, h, W1)
                if p:
                    p.surr = True
                    rep = director if rng.random() < 0.35 else None
                    used["rep"] = used["rep"] or rep is not None
                    ts = rand_t(g, t0 + 30 * DAY, W1) if t0 + 30 * DAY < W1 else W1 - DAY
                    g.emit(ts, "sur", dict(h=h, pol=p, cphone=desk, rep=rep, ch="counter", status="paid"))
        ctr = [{"type": "address", "value": g.render_addr(home)}]
        if used["phone"]:
            ctr.append(ph_ctrl(desk))
        if used["rep"]:
            ctr.append(rep_ctrl(director))
        g.group("decoy", "nursing_home", [h.idx for h in res], ctr)

    # -- employer dormitory / group scheme: one agent, one day, dorm address, HR phone --
    for _ in range(per10k(g, "employer_dorms_per10k", 0.4, 2.5)):
        ci = weighted(rng, cities, [c[5] * (3 if c[1] in ("东莞", "深圳", "苏州", "佛山") else 1) for c in CITIES])
        label = rng.choice(["电子厂", "精密制造有限公司", "物流园", "纺织有限公司", "汽车配件厂"])
        firm = rng.choice(COMPOUND_A[:20]) + label
        dorm = g.new_place(ci, firm + "员工宿舍" + rng.choice("ABCDE") + "栋")
        hr = g.new_landline(ci)
        emp = pick(g, g.holders_by_city[ci], rng.randint(10, 80), lambda h: 20 <= h.age <= 50)
        if len(emp) < 2:
            continue
        agent = rng.choice(g.city_agents[ci])
        day = rand_t(g, -2 * YEAR, W1 - 60 * DAY)
        share_addr = rng.uniform(0.4, 0.95)
        share_hr = rng.uniform(0.0, 0.5)
        used_hr = False
        for h in emp:
            if rng.random() < share_addr:
                h.addr = dorm
            if rng.random() < share_hr:
                h.phone = hr
                used_hr = True
            p = Policy(len(g.policies))
            p.h, p.agent, p.prod = h, agent, rng.choice([6, 9, 10, 4])
            lo, hi = PRODUCTS[p.prod][2]
            p.premium = round(rng.uniform(lo, hi) / 10) * 10
            p.issued = day + rng.uniform(0, 3) * DAY
            p.status = "in_force"
            h.pols.append(p)
            g.policies.append(p)
            agent.clients.append(h.idx)
        ctr = [{"type": "address", "value": g.render_addr(dorm)}] + ([ph_ctrl(hr)] if used_hr else [])
        g.group("decoy", "employer_dorm_group_scheme", [h.idx for h in emp], ctr)

    # -- campus / office networks: colleagues using one egress IP, sometimes leaving together --
    for kind, rate in (("campus_network", (0.3, 2.0)), ("office_network", (0.5, 3.0))):
        for _ in range(per10k(g, kind + "s_per10k", *rate)):
            ci = weighted(rng, cities, cw)
            ips = [g.city_ip(ci) for _ in range(rng.randint(1, 3))]
            mem = pick(g, g.holders_by_city[ci], rng.randint(6, 60), lambda h: 23 <= h.age <= 60)
            if len(mem) < 2:
                continue
            layoff = rand_t(g, 60 * DAY, W1 - 10 * DAY) if kind == "office_network" and rng.random() < 0.4 else None
            actors = []
            for h in mem:
                if h.device is None:
                    h.device = g.new_device()
                t = rand_t(g)
                if layoff is not None and rng.random() < 0.5:
                    p = active_policy(g, h, W1)
                    if p:
                        p.surr = True
                        t = layoff + rng.uniform(0, 25) * DAY
                        g.emit(t, "sur", dict(h=h, pol=p, ch="app", ip=rng.choice(ips), dev=h.device, status="paid"))
                        actors.append(h.idx)
                        continue
                if rng.random() < 0.7:
                    f = weighted(rng, ["phone", "email", "bank_account", "address"], [3, 2, 2, 1])
                    nv = g.new_phone() if f == "phone" else g.new_email() if f == "email" else \
                        g.new_account() if f == "bank_account" else g.new_flat(ci)
                    g.emit(t, "chg", dict(h=h, field=f, new=nv, ch="app", ip=rng.choice(ips), dev=h.device))
                    actors.append(h.idx)
            if len(actors) >= 2:
                g.group("decoy", kind, actors, [{"type": "ip", "value": x} for x in ips])

    # -- a son or daughter managing several elderly relatives' policies --
    for _ in range(per10k(g, "family_managers_per10k", 4.0, 18.0)):
        ci = weighted(rng, cities, cw)
        child_h = None
        if rng.random() < 0.4:
            c = pick(g, g.holders_by_city[ci], 1, lambda h: 28 <= h.age <= 55)
            child_h = c[0] if c else None
        if child_h is not None:
            child_h.inst = False
            cname, cphone, cacct = child_h.name, child_h.phone or g.new_phone(), child_h.acct
            cidn = child_h.idn
            cdev = child_h.device or g.new_device()
            child_h.device = cdev
        else:
            cname, cidn, cphone = rep_person(g, ci, 1.0)
            cacct, cdev = g.new_account(), g.new_device()
        home_ip = g.city_ip(ci)
        k = rng.randint(2, 6)
        rel = pick(g, g.holders_by_city[ci], k, lambda h: h.age >= 62 and h.age >= 0)
        if rng.random() < 0.3:
            oc = weighted(rng, cities, cw)
            rel += pick(g, g.holders_by_city[oc], rng.randint(1, 2), lambda h: h.age >= 62)
        if len(rel) < 2:
            continue
        ctr = {}
        mode_acct = rng.random() < 0.35
        for h in rel:
            t = rand_t(g, 0, W1 * 0.9)
            if rng.random() < 0.7:
                g.emit(t, "chg", dict(h=h, field="phone", new=cphone, ch="app", ip=home_ip, dev=cdev))
                ctr["p"] = ph_ctrl(cphone)
                ctr["d"] = {"type": "device", "value": cdev}
            if mode_acct and rng.random() < 0.7:
                g.emit(t + rng.uniform(0, 3) * DAY, "chg", dict(h=h, field="bank_account", new=cacct, ch="counter",
                                                                 ip="", dev=""))
                ctr["a"] = {"type": "bank_account", "value": cacct}
            if rng.random() < 0.3:
                p = active_policy(g, h, W1)
                if p:
                    p.surr = True
                    g.emit(t + rng.uniform(5, 90) * DAY, "sur", dict(h=h, pol=p, rep=(cname, cidn, cphone), ch="counter",
                                                                      status="paid"))
                    ctr["r"] = rep_ctrl((cname, cidn, cphone))
        if ctr:
            g.group("decoy", "family_manager", [h.idx for h in rel], list(ctr.values()))

    # -- honest agents typing their own phone for elderly or phoneless clients --
    share_agents = g.U("agent_own_phone_share", 0.01, 0.08)
    for a in g.agents:
        if rng.random() >= share_agents or len(a.clients) < 3:
            continue
        cl = [g.holders[i] for i in a.clients]
        k = rng.randint(3, min(20, len(cl)))
        sel = pick(g, cl, k, lambda h: h.age >= 55 or not h.phone)
        if len(sel) >= 2:
            for h in sel:
                h.phone = a.phone
                h.inst = False  # a light structure; such clients may join others
            g.group("decoy", "agent_own_phone", [h.idx for h in sel], [ph_ctrl(a.phone)])

    # -- bancassurance: a bank branch's clerk enters the branch landline --
    for _ in range(per10k(g, "bank_branch_phone_per10k", 0.3, 2.5)):
        ci = weighted(rng, cities, cw)
        tel = g.new_landline(ci)
        sel = pick(g, g.holders_by_city[ci], rng.randint(4, 35), lambda h: h.age >= 45)
        if len(sel) < 2:
            continue
        for h in sel:
            h.phone = tel
            h.inst = False
        g.group("decoy", "bancassurance_branch_phone", [h.idx for h in sel], [ph_ctrl(tel)])

    # -- parcel stations / lockers as mailing address of migrants in urban villages --
    for _ in range(per10k(g, "parcel_stations_per10k", 0.8, 4.0)):
        ci = weighted(rng, cities, cw)
        st = g.new_place(ci, rng.choice(["菜鸟驿站", "妈妈驿站", "兔喜生活超市快递代收点", "丰巢快递柜旁便利店", "中通快递代收点"]))
        sel = pick(g, g.holders_by_city[ci], rng.randint(4, 30), lambda h: 20 <= h.age <= 60)
        if len(sel) < 2:
            continue
        for h in sel:
            t = rand_t(g)
            ch, ip, dev = honest_channel(g, h, t, "online")
            g.emit(t, "chg", dict(h=h, field="address", new=st, ch=ch, ip=ip, dev=dev))
            h.inst = False
        g.group("decoy", "parcel_station", [h.idx for h in sel], [{"type": "address", "value": g.render_addr(st)}])

    # -- internet cafés: public PCs shared by unrelated customers --
    for _ in range(per10k(g, "internet_cafes_per10k", 0.3, 2.0)):
        ci = weighted(rng, cities, cw)
        devs = [g.new_device(0.1) for _ in range(rng.randint(2, 10))]
        ip = g.city_ip(ci)
        sel = pick(g, g.holders_by_city[ci], rng.randint(3, 20), lambda h: 20 <= h.age <= 45)
        if len(sel) < 2:
            continue
        used = []
        for h in sel:
            t = rand_t(g)
            d = rng.choice(devs)
            used.append(d)
            f = weighted(rng, ["phone", "email", "bank_account"], [3, 2, 2])
            nv = g.new_phone() if f == "phone" else g.new_email() if f == "email" else g.new_account()
            g.emit(t, "chg", dict(h=h, field=f, new=nv, ch="web", ip=ip, dev=d))
            h.inst = False
        ud = []
        for d in devs:
            if d in used:
                ud.append({"type": "device", "value": d})
        g.group("decoy", "internet_cafe", [h.idx for h in sel], ud + [{"type": "ip", "value": ip}])

    # -- recycled mobile numbers: the operator re-issues a number to a stranger --
    for _ in range(per10k(g, "recycled_numbers_per10k", 1.0, 8.0)):
        ci = weighted(rng, cities, cw)
        ab = pick(g, g.holders_by_city[ci], 2, lambda h: bool(h.phone) and len(h.phone) == 11)
        if len(ab) < 2:
            continue
        a, b = ab
        old = a.phone
        t1 = rand_t(g, 0, W1 * 0.6)
        ch, ip, dev = honest_channel(g, a, t1)
        # a may never tell the insurer (stale number stays registered) or may update it
        if rng.random() < 0.5:
            g.emit(t1, "chg", dict(h=a, field="phone", new=g.new_phone(), ch=ch, ip=ip, dev=dev))
        t2 = t1 + rng.uniform(90, 300) * DAY
        if t2 < W1:
            ch, ip, dev = honest_channel(g, b, t2)
            g.emit(t2, "chg", dict(h=b, field="phone", new=old, ch=ch, ip=ip, dev=dev))
        else:
            b.phone = old
        a.inst = b.inst = False
        g.group("decoy", "recycled_number", [a.idx, b.idx], [ph_ctrl(old)])

    # -- a real law firm representing genuine mis-selling complainants --
    for _ in range(per10k(g, "law_firms_per10k", 0.0, 1.2)):
        ci = weighted(rng, cities, cw)
        lawyer = rep_person(g, ci, 1.0)
        tel = g.new_landline(ci)
        lawyer = (lawyer[0], lawyer[1], tel if rng.random() < 0.6 else lawyer[2])
        office = g.new_place(ci, rng.choice(["律师事务所", "律师事务所", "法律服务所"]).join([rng.choice(COMPOUND_A[:20]), ""]),
                             "%d室" % rng.randint(501, 2608))
        sel = pick(g, g.holders_by_city[ci], rng.randint(3, 15), lambda h: h.age >= 40)
        ok = []
        for h in sel:
            p = active_policy(g, h, W1, valuable=True)
            if not p:
                continue
            t = rand_t(g, 0, W1 - 30 * DAY)
            txt = "%s律师代理意见：委托人%s于%d年购买《%s》，销售人员未依法履行说明义务，承诺%s。依据《保险法》第十七条，请求解除合同并退还保费。" % (
                lawyer[0], h.name, end_year_of(g, p), PRODUCTS[p.prod][0], rng.choice(PROMISES))
            g.emit(t, "cmp", dict(h=h, pol=p, ch=rng.choice(["letter", "regulator"]), cphone=tel, saddr=office, rep=lawyer,
                                  demand="解除合同并退还保费", text=txt))
            if rng.random() < 0.4:
                p.surr = True
                g.emit(t + rng.uniform(20, 90) * DAY, "sur", dict(h=h, pol=p, full=True, rep=lawyer, ch="counter",
                                                                   status="paid"))
            ok.append(h.idx)
        if len(ok) >= 2:
            g.group("decoy", "law_firm", ok, [rep_ctrl(lawyer), ph_ctrl(tel),
                                              {"type": "address", "value": g.render_addr(office)}])

    # -- a departed agent takes clients to a competitor: honest surrenders soon after the termination --
    share_dep = g.U("departed_agent_churn_share", 0.08, 0.3)
    for a in g.agents:
        if a.term is None or a.term < 0 or a.term > W1 - 45 * DAY or len(a.clients) < 4 or rng.random() >= share_dep:
            continue
        cl = [g.holders[i] for i in a.clients]
        rng.shuffle(cl)
        mem, helped = [], False
        for h in cl[:rng.randint(3, 15)]:
            if h.inst:
                continue
            p = active_policy(g, h, a.term)
            if not p:
                continue
            p.surr = True
            t = a.term + rng.uniform(10, 180) * DAY
            if t >= W1:
                continue
            ch, ip, dev = honest_channel(g, h, t)
            cph = a.phone if rng.random() < 0.25 else None
            helped = helped or cph is not None
            g.emit(t, "sur", dict(h=h, pol=p, ch=ch, ip=ip, dev=dev, cphone=cph, status="paid"))
            mem.append(h.idx)
        if len(mem) >= 2:
            g.group("decoy", "departed_agent_churn", mem, [ph_ctrl(a.phone)] if helped else [])

    # -- a complaint wave after a dividend cut: similar texts, no shared contacts --
    for _ in range(g.U("complaint_waves", 0, 2, True)):
        prod = rng.choice([2, 3, 11])
        t0 = rand_t(g, 30 * DAY, W1 - 60 * DAY)
        art = rng.choice(["看了公众号文章才知道", "网上很多人都说", "群里的保友都在投诉", "新闻报道说"])
        mem = []
        cand = [p for p in g.policies if p.prod == prod and p.status == "in_force" and not p.surr and p.issued < t0]
        rng.shuffle(cand)
        for p in cand[:int(rng.uniform(8, 40) * max(1.0, g.n / 20000.0))]:
            h = p.h
            if h.inst:
                continue
            t = t0 + rng.expovariate(1 / (10 * DAY))
            if t >= W1:
                continue
            txt = "%s，《%s》今年分红大幅下降，和当初业务员演示的收益差距太大，%s。" % (
                art, PRODUCTS[prod][0], rng.choice(["要求给个说法", "要求按演示利益补足", "感觉被骗了", "要求退保不扣钱"]))
            ch, ip, dev = honest_channel(g, h, t, "online")
            g.emit(t, "cmp", dict(h=h, pol=p, ch=rng.choice(["online", "hotline", "regulator"]), text=txt,
                                  demand=rng.choice(["补足分红", "全额退保", "解释说明"])))
            mem.append(h.idx)
        if len(mem) >= 2:
            g.group("decoy", "complaint_wave", mem, [])

    # -- a surrender wave after a crediting-rate cut --
    for _ in range(g.U("surrender_waves", 0, 1, True)):
        prod = rng.choice([3, 0, 11])
        t0 = rand_t(g, 60 * DAY, W1 - 60 * DAY)
        cand = [p for p in g.policies if p.prod == prod and p.status == "in_force" and not p.surr and p.issued < t0]
        rng.shuffle(cand)
        mem = []
        for p in cand[:int(len(cand) * rng.uniform(0.05, 0.15))]:
            if p.h.inst:
                continue
            t = t0 + rng.expovariate(1 / (15 * DAY))
            if t >= W1:
                continue
            p.surr = True
            ch, ip, dev = honest_channel(g, p.h, t)
            g.emit(t, "sur", dict(h=p.h, pol=p, ch=ch, ip=ip, dev=dev, status="paid"))
            mem.append(p.h.idx)
        if len(mem) >= 2:
            g.group("decoy", "surrender_wave", mem, [])


# ----------------------------------------------------------------------------------------------------
# Rings
# ----------------------------------------------------------------------------------------------------

RING_KINDS = [
    # kind, size range, duration days, weight range
    ("takeover_classic", (6, 60), (60, 300), (0.6, 1.5)),
    ("mule_rotation", (15, 150), (90, 360), (0.2, 1.0)),
    ("complaint_mill", (8, 120), (60, 400), (0.2, 1.0)),
    ("insider_agent", (4, 40), (60, 360), (0.3, 1.0)),
    ("victim_chain", (5, 30), (90, 450), (0.2, 0.8)),
    ("cross_city", (12, 100), (120, 500), (0.2, 0.9)),
    ("address_only", (4, 40), (60, 400), (0.2, 0.8)),
    ("bank_only", (4, 50), (60, 360), (0.2, 0.9)),
    ("slow_drip", (3, 10), (300, 700), (0.3, 1.0)),
    ("blitz", (30, 250), (20, 90), (0.1, 0.6)),
    ("proxy_representative", (5, 60), (60, 400), (0.2, 0.9)),
    ("mega_network", (150, 600), (300, 700), (0.05, 0.5)),
]


class Pool:
    """Controller values: 'pool' = each use picks any of k values; 'rotate' = a fresh value every `per` victims."""

    def __init__(self, g, make, k=1, per=0):
        self.g, self.make, self.per = g, make, per
        self.vals = [make() for _ in range(k)] if k else []

    def get(self, i):
        if self.per:
            j = i // self.per
            while len(self.vals) <= j:
                self.vals.append(self.make())
            return self.vals[j]
        return self.g.rng.choice(self.vals) if self.vals else None


def victim_pool(g):
    rng = g.rng
    pools = []
    for ci in range(len(CITIES)):
        lst = [h for h in g.holders_by_city[ci] if 28 <= h.age <= 84 and
               any(PRODUCTS[p.prod][4] and p.status == "in_force" and p.issued < g.W1 - 200 * DAY for p in h.pols)]
        rng.shuffle(lst)
        pools.append(lst)
    return pools


def take_victims(g, ci, k, extra_pred=None):
    rng = g.rng
    pool = g.vpools[ci]
    out = []
    i = 0
    while len(out) < k and pool:
        i += 1
        if i > k * 20 + 200:
            break
        j = rng.randrange(len(pool))
        h = pool[j]
        if h.victim or (h.inst and rng.random() < 0.92) or (extra_pred and not extra_pred(h)):
            continue
        pool[j] = pool[-1]
        pool.pop()
        h.victim = True
        out.append(h)
    return out


def rings(g):
    rng = g.rng
    n = g.n
    cities = list(range(len(CITIES)))
    cw = [c[5] for c in CITIES]
    g.vpools = victim_pool(g)
    rate = g.U("rings_per10k", 2.0, 6.0)
    n_rings = max(2, int(round(rate * n / 10000.0)))
    cap = int(n * g.U("ring_victim_share_cap", 0.015, 0.045))
    kw = [g.U("ring_weight_" + k[0], *k[3]) for k in RING_KINDS]
    plan = []
    for r in range(n_rings):
        ki = weighted(rng, range(len(RING_KINDS)), kw)
        lo, hi = RING_KINDS[ki][1]
        # heavier tail towards small rings inside each kind's range
        size = int(lo + (hi - lo) * (rng.random() ** 2.2))
        plan.append([ki, size])
    # the small sizes first: if over budget, shrink the big ones
    total = sum(s for _, s in plan)
    if total > cap:
        f = cap / float(total)
        for p in plan:
            p[1] = max(3, int(p[1] * f))
        while sum(s for _, s in plan) > cap and len(plan) > 2:
            plan.pop()
    g.params["rings_planned"] = len(plan)
    g.params["ring_victims_planned"] = sum(s for _, s in plan)
    g.ring_meta = []
    for r, (ki, size) in enumerate(plan):
        make_ring(g, "RB-%03d" % (r + 1), RING_KINDS[ki], size)


def make_ring(g, rid, kindspec, size):
    rng = g.rng
    W1 = g.W1
    kind, _, (dlo, dhi), _ = kindspec
    cities = list(range(len(CITIES)))
    cw = [c[5] for c in CITIES]
    home = weighted(rng, cities, cw)
    dur = rng.uniform(dlo, dhi) * DAY
    start = rng.uniform(20 * DAY, max(30 * DAY, W1 - dur * rng.uniform(0.4, 1.0)))
    g.ring_promise = rng.choice(PROMISES)
    g.ring_hidden = rng.choice(HIDDEN)
    spec = dict(
        fields={"phone": rng.uniform(0.7, 1.0), "bank_account": rng.uniform(0.0, 0.8),
                "address": rng.uniform(0.0, 0.4) if rng.random() < 0.4 else 0.0,
                "email": rng.uniform(0.0, 0.5) if rng.random() < 0.3 else 0.0},
        phones=Pool(g, g.new_phone, rng.randint(1, 4)),
        accts=Pool(g, g.new_account, rng.randint(1, 3)),
        addrs=Pool(g, lambda: g.new_flat(home), 1),
        emails=Pool(g, g.new_email, rng.randint(1, 2)),
        dev_mode=weighted(rng, ["office", "victim_own", "rotating"], [5, 2, 2]),
        devs=Pool(g, g.new_device, rng.randint(1, 3)),
        ip_mode=weighted(rng, ["office", "nat", "proxy"], [5, 2, 2]),
        ips=Pool(g, lambda: g.city_ip(home), rng.randint(1, 2)),
        reps=[rep_person(g, home, rng.uniform(0.6, 1.0)) for _ in range(rng.randint(1, 3))],
        rep_p=rng.uniform(0.0, 0.9),
        complaint_p=rng.uniform(0.4, 1.0), surrender_p=rng.uniform(0.5, 0.95),
        complaint_first=rng.uniform(0.4, 0.95),
        ch_w=[rng.uniform(2, 6), rng.uniform(0.2, 2), rng.uniform(0.2, 2)],  # app, counter, hotline
        saddr_p=rng.uniform(0.2, 0.9), cphone_p=rng.uniform(0.5, 1.0),
        tmpl=rng.randrange(len(RING_TEMPLATES)), mutate=rng.uniform(0.05, 0.5),
        reject=rng.uniform(0.0, 0.15), resell=rng.uniform(0.0, 0.5) if rng.random() < 0.5 else 0.0,
        victim_cities=[(home, 1.0)], nat_city=home, chain=False, insider=None,
    )
    # neighbouring recruitment
    if rng.random() < 0.5:
        spec["victim_cities"].append((weighted(rng, cities, cw), rng.uniform(0.1, 0.5)))
    if kind == "mule_rotation":
        spec["phones"] = Pool(g, g.new_phone, 0, rng.randint(2, 4))
        spec["accts"] = Pool(g, g.new_account, 0, rng.randint(1, 4))
        spec["fields"]["bank_account"] = rng.uniform(0.6, 1.0)
        spec["dev_mode"] = "rotating"
        spec["devs"] = Pool(g, g.new_device, 0, rng.randint(3, 10))
        spec["ip_mode"] = weighted(rng, ["proxy", "nat", "office"], [3, 2, 1])
        spec["reps"] = [rep_person(g, home) for _ in range(rng.randint(2, 5))]
    elif kind == "complaint_mill":
        spec["fields"] = {}
        spec["surrender_p"] = 0.0
        spec["complaint_p"] = 1.0
        spec["rep_p"] = rng.uniform(0.3, 1.0)
        spec["addrs"] = Pool(g, lambda: g.new_place(home, rng.choice(["商务中心", "大厦", "写字楼"]), "%d室" % rng.randint(301, 2808)), 1) \
            if rng.random() < 0.6 else Pool(g, lambda: g.new_place(home, "菜鸟驿站"), 1)
    elif kind == "insider_agent":
        cands = [a for a in g.agents if a.term is not None and a.term < W1 - 60 * DAY and len(a.clients) >= 6]
        if cands:
            a = rng.choice(cands)
            spec["insider"] = a
            home = a.city
            start = max(start, a.term + rng.uniform(10, 300) * DAY)
            start = min(start, W1 - 40 * DAY)
            if rng.random() < 0.6:
                spec["reps"] = [(a.name, a.idn, a.phone)] + spec["reps"][:1]
                spec["rep_p"] = rng.uniform(0.5, 1.0)
            if rng.random() < 0.4:
                spec["phones"].vals.append(a.phone)
    elif kind == "victim_chain":
        spec["chain"] = True
        spec["dev_mode"] = weighted(rng, ["office", "victim_own"], [2, 1])
        spec["fields"]["bank_account"] = rng.uniform(0.3, 0.9)
    elif kind == "cross_city":
        spec["victim_cities"] = [(weighted(rng, cities, cw), rng.uniform(0.2, 1.0)) for _ in range(rng.randint(4, 10))]
        spec["fields"]["address"] = rng.uniform(0.3, 0.9)
        spec["phones"] = Pool(g, g.new_phone, rng.randint(2, 5))
        spec["addrs"] = Pool(g, lambda: g.new_flat(home), rng.randint(1, 2))
        spec["ip_mode"] = "office"
    elif kind == "address_only":
        spec["fields"] = {"address": 1.0}
        spec["addrs"] = Pool(g, lambda: g.new_flat(home), rng.randint(1, 2)) if rng.random() < 0.6 else \
            Pool(g, lambda: g.new_place(home, rng.choice(["菜鸟驿站", "丰巢快递柜旁便利店"])), 1)
        spec["cphone_p"] = 0.0
        spec["dev_mode"] = weighted(rng, ["office", "victim_own"], [1, 1])
        spec["ip_mode"] = weighted(rng, ["office", "nat"], [1, 1])
    elif kind == "bank_only":
        spec["fields"] = {"bank_account": 1.0}
        spec["accts"] = Pool(g, g.new_account, 0, rng.randint(1, 5))
        spec["cphone_p"] = 0.0
        spec["ch_w"] = [1.0, 4.0, 0.5]
        spec["rep_p"] = rng.uniform(0.0, 0.4)
    elif kind == "slow_drip":
        spec["phones"] = Pool(g, g.new_phone, 1)
        spec["fields"] = {"phone": rng.uniform(0.5, 1.0), "bank_account": rng.uniform(0.0, 0.5)}
        spec["reps"] = spec["reps"][:1]
        spec["dev_mode"] = weighted(rng, ["office", "victim_own"], [1, 1])
    elif kind == "blitz":
        spec["phones"] = Pool(g, g.new_phone, rng.randint(2, 6))
        spec["accts"] = Pool(g, g.new_account, rng.randint(2, 6))
        spec["dev_mode"] = "office"
        spec["ip_mode"] = "office"
        spec["complaint_p"] = rng.uniform(0.7, 1.0)
    elif kind == "proxy_representative":
        spec["fields"] = {}
        spec["rep_p"] = 1.0
        spec["surrender_p"] = rng.uniform(0.6, 1.0)
        spec["reps"] = [rep_person(g, home, 0.8) for _ in range(rng.randint(1, 3))]
        spec["ch_w"] = [1.0, 4.0, 0.2]
    if kind not in ("proxy_representative", "complaint_mill", "insider_agent") and rng.random() < 0.35:
        spec["rep_p"] = 0.0
    if kind not in ("complaint_mill", "address_only", "cross_city") and rng.random() < 0.4:
        spec["saddr_p"] = 0.0
    meta = {"group_id": rid, "kind": kind, "home_city": home, "ctrl": {}, "holders": [], "seen": set(),
            "start": start, "dur": dur}
    g.ring_meta.append(meta)

    # victims
    vic = []
    if spec["insider"] is not None:
        a = spec["insider"]
        cl = [g.holders[i] for i in a.clients]
        rng.shuffle(cl)
        for h in cl:
            if len(vic) >= size:
                break
            if not h.victim and not h.inst and any(PRODUCTS[p.prod][4] and p.status == "in_force" for p in h.pols):
                h.victim = True
                vic.append(h)
    if len(vic) < size:
        tot = sum(w for _, w in spec["victim_cities"])
        for ci, w in spec["victim_cities"]:
            vic += take_victims(g, ci, max(1, int(round((size - len(vic)) * w / tot))) if ci != spec["victim_cities"][-1][0]
                                else size - len(vic))
            tot -= w
            if len(vic) >= size:
                break
    if len(vic) < size:
        vic += take_victims(g, home, size - len(vic))
    vic = vic[:size] if len(vic) > size else vic

    teams = None
    if kind == "mega_network":
        nt = rng.randint(3, 6)
        teams = []
        for _ in range(nt):
            tc = weighted(rng, cities, cw)
            teams.append(dict(phones=Pool(g, g.new_phone, rng.randint(1, 4)), accts=Pool(g, g.new_account, rng.randint(1, 3)),
                              devs=Pool(g, g.new_device, rng.randint(1, 3)), ips=Pool(g, lambda: g.city_ip(tc), 1)))
        spec["fields"]["address"] = 0.0

    order = sorted(range(len(vic)), key=lambda i: rng.random())
    for n_i, i in enumerate(order):
        h = vic[i]
        sp = spec
        if teams:
            tm = teams[n_i % len(teams)]
            sp = dict(spec)
            sp.update(tm)
        if kind == "blitz":
            t = start + dur * rng.betavariate(2, 2)
        else:
            t = start + dur * rng.random()
        ring_victim(g, meta, sp, h, n_i, t, vic[:n_i] if spec["chain"] else None)


def ring_victim(g, meta, sp, h, i, t, earlier):
    rng = g.rng
    W1 = g.W1
    cands = [p for p in h.pols if PRODUCTS[p.prod][4] and p.status == "in_force" and not p.surr and p.issued < t - 60 * DAY]
    if not cands:
        cands = [p for p in h.pols if p.status == "in_force" and not p.surr and p.issued < t]
    if not cands:
        return
    rng.shuffle(cands)
    pols = cands[:1 if rng.random() < 0.7 else 2]
    for p in pols:
        p.ring_target = True
    rid = meta["group_id"]

    def chan():
        ch = weighted(rng, ["app", "counter", "hotline"], sp["ch_w"])
        ctr = []
        if ch == "hotline":
            return ch, "", "", ctr
        if ch == "counter":
            bl = g.branches[h.city]
            devs, ip = bl[rng.randrange(len(bl))]
            return ch, ip, rng.choice(devs), ctr
        if sp["dev_mode"] == "victim_own":
            if h.device is None:
                h.device = g.new_device()
            dev = h.device
        else:
            dev = sp["devs"].get(i)
            ctr.append({"type": "device", "value": dev})
        if sp["ip_mode"] == "office":
            ip = sp["ips"].get(i)
            ctr.append({"type": "ip", "value": ip})
        elif sp["ip_mode"] == "nat":
            ip = rng.choice(g.nat_pool[meta["home_city"]])
        else:
            ip = g.city_ip(rng.randrange(len(CITIES)))
        return rng.choice(["app", "app", "wechat", "web"]) if ch == "app" else ch, ip, dev, ctr

    # values this victim is switched to
    vals = {}
    if earlier:
        src = rng.choice(earlier[-5:])
        vals["phone"] = src.phone or g.new_phone()
        vals["bank_account"] = src.acct
        vals["address"] = None
        vals["email"] = src.email or g.new_email()
    else:
        vals["phone"] = sp["phones"].get(i)
        vals["bank_account"] = sp["accts"].get(i)
        vals["address"] = sp["addrs"].get(i)
        vals["email"] = sp["emails"].get(i)
    ctype = {"phone": "phone", "bank_account": "bank_account", "address": "address", "email": "email"}
    changed = set()
    tc = t
    for f, pf in sp["fields"].items():
        if pf <= 0 or vals.get(f) is None or rng.random() >= pf:
            continue
        tc = t + rng.uniform(0, 4) * DAY
        ch, ip, dev, ctr = chan()
        v = vals[f]
        cv = g.render_addr(v) if f == "address" else v
        g.emit(tc, "chg", dict(h=h, field=f, new=v, ch=ch, ip=ip, dev=dev, tag=rid,
                               ctrl=ctr + [{"type": ctype[f], "value": cv}], pol=pols[0]))
        changed.add(f)
    if not changed and sp["fields"] and not earlier and rng.random() < 0.5:
        # at least one take-over for change-based rings most of the time
        f = "phone" if "phone" in sp["fields"] else list(sp["fields"])[0]
        if vals.get(f) is not None:
            ch, ip, dev, ctr = chan()
            v = vals[f]
            g.emit(t, "chg", dict(h=h, field=f, new=v, ch=ch, ip=ip, dev=dev, tag=rid, pol=pols[0],
                                  ctrl=ctr + [{"type": ctype[f], "value": g.render_addr(v) if f == "address" else v}]))
            changed.add(f)
    rp = sp["reps"]
    ring_phone = vals["phone"]
    complained = False
    tq = tc
    if rng.random() < sp["complaint_p"]:
        complained = rng.random() < sp["complaint_first"] or not sp["surrender_p"]
        p = pols[0]
        tq = tc + (rng.uniform(1, 25) if complained else rng.uniform(40, 120)) * DAY
        rep = rng.choice(rp) if rng.random() < sp["rep_p"] else None
        ctr = []
        cph = None
        if "phone" not in changed and ring_phone and rng.random() < sp["cphone_p"]:
            cph = ring_phone
        if "phone" in changed:
            cph = ring_phone
        if cph:
            ctr.append(ph_ctrl(cph))
        sad = None
        if vals.get("address") is not None and rng.random() < sp["saddr_p"]:
            sad = vals["address"]
            ctr.append({"type": "address", "value": g.render_addr(sad)})
        if rep:
            ctr.append(rep_ctrl(rep))
            if rep[2]:
                ctr.append(ph_ctrl(rep[2]))
        text = ring_text(g, sp["tmpl"], h, p, premiums_paid(p, tq), sp["mutate"])
        g.emit(tq, "cmp", dict(h=h, pol=p, ch=weighted(g.rng, ["regulator", "letter", "online", "hotline"], [6, 2, 2, 1]),
                               cphone=cph, saddr=sad, rep=rep, demand=rng.choice(["全额退保", "退还全部保费", "全额退还保费"]),
                               text=text, tag=rid, ctrl=ctr))
    if rng.random() < sp["surrender_p"]:
        for k, p in enumerate(pols):
            ts = (tq + rng.uniform(15, 75) * DAY) if complained else (tc + rng.uniform(2, 30) * DAY)
            ts += k * rng.uniform(0, 3) * DAY
            rep = rng.choice(rp) if rng.random() < sp["rep_p"] else None
            ch, ip, dev, ctr = chan()
            cph = ring_phone if (ring_phone and ("phone" in changed or rng.random() < sp["cphone_p"])) else None
            if cph:
                ctr.append(ph_ctrl(cph))
            payout = None
            if "bank_account" in changed:
                payout = vals["bank_account"]
                ctr.append({"type": "bank_account", "value": payout})
            elif earlier and rng.random() < 0.5 and vals["bank_account"]:
                payout = vals["bank_account"]
                ctr.append({"type": "bank_account", "value": payout})
            if rep:
                ctr.append(rep_ctrl(rep))
                if rep[2]:
                    ctr.append(ph_ctrl(rep[2]))
            st = "rejected" if rng.random() < sp["reject"] else "paid"
            g.emit(ts, "sur", dict(h=h, pol=p, full=complained, cphone=cph, payout=payout, rep=rep, ch=ch, ip=ip, dev=dev,
                                   status=st, tag=rid, ctrl=ctr))
            if st == "paid" and sp["resell"] and rng.random() < sp["resell"]:
                g.resell.append((h, ts + rng.uniform(15, 90) * DAY, sp["insider"]))


# ----------------------------------------------------------------------------------------------------
# The honest book's own activity
# ----------------------------------------------------------------------------------------------------

def honest_activity(g):
    rng = g.rng
    U = g.U
    W1 = g.W1
    yrs = W1 / YEAR
    r_phone = U("honest_phone_change_per_year", 0.015, 0.06) * yrs
    r_addr = U("honest_address_change_per_year", 0.01, 0.04) * yrs
    r_bank = U("honest_bank_change_per_year", 0.01, 0.035) * yrs
    r_mail = U("honest_email_change_per_year", 0.002, 0.012) * yrs
    r_surr = U("honest_surrender_per_policy_year", 0.012, 0.04) * yrs
    r_cmp = U("honest_complaint_per_holder_year", 0.001, 0.006) * yrs
    bank_before = U("bank_change_before_surrender_share", 0.1, 0.4)
    spouse_acct = U("surrender_to_spouse_account_share", 0.02, 0.12)
    g.spouse_payouts = []
    for h in g.holders:
        lo = max(0.0, h.created + DAY)
        if lo >= W1 - DAY:
            continue
        if rng.random() < r_phone:
            t = rand_t(g, lo)
            ch, ip, dev = honest_channel(g, h, t)
            g.emit(t, "chg", dict(h=h, field="phone", new=g.new_phone(), ch=ch, ip=ip, dev=dev))
        if rng.random() < r_addr:
            t = rand_t(g, lo)
            ch, ip, dev = honest_channel(g, h, t)
            g.emit(t, "chg", dict(h=h, field="address", new=g.new_flat(h.city if rng.random() < 0.85 else rng.randrange(len(CITIES))),
                                  ch=ch, ip=ip, dev=dev))
        if rng.random() < r_bank:
            t = rand_t(g, lo)
            ch, ip, dev = honest_channel(g, h, t)
            g.emit(t, "chg", dict(h=h, field="bank_account", new=g.new_account(), ch=ch, ip=ip, dev=dev))
        if rng.random() < r_mail:
            t = rand_t(g, lo)
            ch, ip, dev = honest_channel(g, h, t, "online")
            g.emit(t, "chg", dict(h=h, field="email", new=g.new_email(), ch=ch, ip=ip, dev=dev))
        for p in h.pols:
            if p.surr or p.ring_target or p.status != "in_force" or rng.random() >= r_surr:
                continue
            t = rand_t(g, max(lo, p.issued + 30 * DAY)) if p.issued + 30 * DAY < W1 else None
            if t is None:
                continue
            p.surr = True
            ch, ip, dev = honest_channel(g, h, t)
            payout = None
            if rng.random() < bank_before:
                nb = g.new_account()
                tb = t - rng.uniform(0.1, 20) * DAY
                c2, i2, d2 = (ch, ip, dev) if rng.random() < 0.7 else honest_channel(g, h, tb)
                g.emit(tb if tb > lo else lo + rng.uniform(0, 1) * (t - lo), "chg", dict(h=h, field="bank_account", new=nb, ch=c2, ip=i2, dev=d2))
            elif rng.random() < spouse_acct:
                mem = g.households[h.hh][0]
                sp = [m for m in mem if m is not h]
                if sp:
                    payout = sp[0].acct
                    g.spouse_payouts.append((h.hh, payout))
            g.emit(t, "sur", dict(h=h, pol=p, ch=ch, ip=ip, dev=dev, payout=payout,
                                  status="rejected" if rng.random() < 0.02 else "paid"))
        if rng.random() < r_cmp and h.pols:
            t = rand_t(g, lo)
            p = rng.choice(h.pols)
            txt, dem = honest_text(g, h, p)
            g.emit(t, "cmp", dict(h=h, pol=p, ch=weighted(rng, ["hotline", "online", "regulator", "letter"], [5, 3, 2, 1]),
                                  text=txt, demand=dem))


# ----------------------------------------------------------------------------------------------------
# Replaying events in time order, then writing the files
# ----------------------------------------------------------------------------------------------------

def bank_of(acct):
    for b, name, _ in BANKS:
        if acct.startswith(b):
            return name
    return "其他银行"


def replay(g):
    rng = g.rng
    W1 = g.W1
    # ids in creation order
    hs = sorted(g.holders, key=lambda h: (h.created, h.idx))
    pre = rng.choice(["PH", "KH", "C", "TB"])
    base = rng.randint(1, 9) * 10 ** 7
    for k, h in enumerate(hs):
        h.hid = "%s%08d" % (pre, base + k * 3 + rng.randint(0, 2))
        h.reg_phone, h.reg_addr = h.phone, h.addr
    ps = sorted(g.policies, key=lambda p: (p.issued, p.idx))
    for k, p in enumerate(ps):
        y = (g.W0 + dt.timedelta(seconds=int(p.issued))).year
        p.pid = "%d%02d%08d" % (y, p.h.city + 11, k + 1)
    g.policies = ps
    cur = {}
    ev = []
    for (t, s, kind, pl) in g.events:
        h = pl["h"]
        lo = h.created + DAY
        if pl.get("pol") is not None:
            lo = max(lo, pl["pol"].issued + DAY)
        if t < lo:
            if pl.get("tag"):
                t = lo + rng.uniform(0, 5) * DAY
            else:
                t = lo + rng.uniform(0, 60) * DAY
        if t >= W1 or t < 0:
            continue
        ev.append((t, s, kind, pl))
    ev.sort(key=lambda e: (e[0], e[1]))
    g.rows_chg, g.rows_sur, g.rows_cmp = [], [], []
    metas = {m["group_id"]: m for m in g.ring_meta}
    state = {}

    def st(h):
        x = state.get(h.idx)
        if x is None:
            x = [h.phone, h.addr, h.acct, h.email]
            state[h.idx] = x
        return x

    fidx = {"phone": 0, "address": 1, "bank_account": 2, "email": 3}
    for (t, s, kind, pl) in ev:
        h = pl["h"]
        s_ = st(h)
        tag = pl.get("tag")
        if kind == "chg":
            f = pl["field"]
            old = s_[fidx[f]]
            new = pl["new"]
            if old == new:
                continue
            s_[fidx[f]] = new
            g.rows_chg.append((t, h, pl.get("pol"), f, old, new, pl["ch"], pl["ip"], pl["dev"]))
        elif kind == "sur":
            p = pl["pol"]
            if p.status != "in_force":
                continue
            if pl.get("full"):
                amount = premiums_paid(p, t) * rng.uniform(0.9, 1.0)
            else:
                amount = cash_value(g, p, t)
            status = pl.get("status", "paid")
            if status == "paid":
                if t > W1 - rng.uniform(3, 15) * DAY:
                    status = "pending"
                else:
                    p.status = "surrendered"
            ch, ip, dev = pl.get("ch"), pl.get("ip"), pl.get("dev")
            if not ch:
                ch, ip, dev = honest_channel(g, h, t)
            elif ip is None:
                if ch == "counter":
                    bi = rng.randrange(len(g.branches[h.city]))
                    devs, ip = g.branches[h.city][bi]
                    dev = rng.choice(devs)
                    if not tag:
                        share(g, ("branch", h.city, bi), "branch_counter",
                              [{"type": "device", "value": d} for d in devs] + [{"type": "ip", "value": ip}], h.idx)
                else:
                    ip, dev = "", ""
            cph = pl.get("cphone") or s_[0]
            payout = pl.get("payout") or s_[2]
            g.rows_sur.append((t, h, p, amount, cph, payout, pl.get("rep"), ch, ip or "", dev or "", status))
        else:
            cph = pl.get("cphone") or (s_[0] if rng.random() < 0.9 else "")
            sad = pl.get("saddr") or (s_[1] if rng.random() < 0.5 else None)
            g.rows_cmp.append((t, h, pl["pol"], pl["ch"], cph, sad, pl.get("rep"), pl["demand"], pl["text"]))
        if tag:
            m = metas[tag]
            if h.idx not in m["seen"]:
                m["seen"].add(h.idx)
                m["holders"].append(h.idx)
            for c in pl.get("ctrl", []):
                m["ctrl"].setdefault((c["type"], c["value"]), c)
    g.final_state = state
    # resold products after a ring's surrender
    for h, t, insider in g.resell:
        if t >= W1:
            continue
        p = Policy(len(g.policies))
        p.h = h
        p.prod = rng.choice([0, 1, 8, 3])
        lo, hi = PRODUCTS[p.prod][2]
        p.premium = round(rng.uniform(lo, hi) / 100) * 100
        p.issued = t
        p.status = "in_force"
        cand = [a for a in g.city_agents[h.city] if a.term is None or a.term > t]
        p.agent = rng.choice(cand) if cand else rng.choice(g.agents)
        y = (g.W0 + dt.timedelta(seconds=int(t))).year
        p.pid = "%d%02d%08d" % (y, h.city + 11, len(g.policies) + 1)
        g.policies.append(p)


def rep_fields(g, rep):
    if not rep:
        return "", "", ""
    name, idn, ph = rep
    if g.rng.random() < 0.05:
        name = " " + name
    return name, idn, g.phone_out(ph)


def write_csv(g, path, header, rows, key, bad_makers):
    """rows: list of dicts. Adds a few intentionally bad rows; shuffles column order; BOM/CRLF per file."""
    rng = g.rng
    cols = list(header)
    if rng.random() < 0.6:
        k = cols.index(key)
        rest = cols[:k] + cols[k + 1:]
        rng.shuffle(rest)
        cols = [key] + rest if rng.random() < 0.8 else rest[:2] + [key] + rest[2:]
    bom = rng.random() < 0.3
    crlf = rng.random() < 0.5
    nbad = 0
    out = []
    rate = g.bad_rate
    for r in rows:
        out.append(r)
        if bad_makers and rng.random() < rate:
            b = dict(r)
            bad_makers[rng.randrange(len(bad_makers))](b)
            out.append(b)
            nbad += 1
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        w.writerow(cols)
        for r in out:
            w.writerow([r.get(c, "") for c in cols])
    return len(out), nbad


def bad_date(col):
    def f(r):
        r[col] = random_bad_date(r)
    return f


BAD_DATES = ["2024-02-30", "2023-13-05T10:00:00", "N/A", "0000-00-00", "2024-06-31T09:12:00", "不详", "20240X15"]


def random_bad_date(r):
    return BAD_DATES[(len(str(r)) * 7) % len(BAD_DATES)]


def write_all(g, outdir):
    rng = g.rng
    os.makedirs(outdir, exist_ok=True)
    W1 = g.W1
    g.bad_rate = g.U("bad_row_rate", 0.0005, 0.0035)
    counts = {}
    # ---- policyholders ----
    rows = []
    hs = sorted(g.holders, key=lambda h: h.hid)
    no_city = rng.uniform(0.0, 0.08)
    for h in hs:
        if g.export_current:
            s = g.final_state.get(h.idx)
            phone, addr = (s[0], s[1]) if s else (h.phone, h.addr)
        else:
            phone, addr = h.reg_phone, h.reg_addr
        cn = CITIES[h.city][1]
        city = "" if rng.random() < no_city else (cn + "市" if rng.random() < 0.5 else cn)
        rows.append({"holder_id": h.hid, "name": h.name if rng.random() > 0.01 else h.name + " ", "id_number": h.idn,
                     "phone": g.phone_out(phone), "address": g.addr_out(addr, registered=bool(city)), "city": city,
                     "created_at": g.ts(h.created), "gender": "男" if h.gender else "女"})

    def miss_key(k):
        def f(r):
            r[k] = ""
        return f

    seq = [0]

    def new_key(k, pref):
        def f(r):
            seq[0] += 1
            r[k] = "%s%09d" % (pref, 900000000 + seq[0])
            r.update({c: BAD_DATES[seq[0] % len(BAD_DATES)] for c in r if c.endswith("_at") and r[c]})
        return f

    counts["policyholders"] = write_csv(g, os.path.join(outdir, "policyholders.csv"),
                                        ["holder_id", "name", "id_number", "phone", "address", "city", "created_at", "gender"],
                                        rows, "holder_id", [miss_key("holder_id"), new_key("holder_id", "ZZ")])
    # ---- agents ----
    rows = []
    for a in sorted(g.agents, key=lambda a: a.aid):
        term = a.term is not None and a.term < W1
        rows.append({"agent_id": a.aid, "name": a.name, "phone": g.phone_out(a.phone), "id_number": a.idn, "org": a.org,
                     "status": "terminated" if term else "active",
                     "hired_at": g.ts(max(a.hired, -30 * YEAR), date_only=True),
                     "terminated_at": g.ts(a.term, date_only=True) if term else ""})
    counts["agents"] = write_csv(g, os.path.join(outdir, "agents.csv"),
                                 ["agent_id", "name", "phone", "id_number", "org", "status", "hired_at", "terminated_at"],
                                 rows, "agent_id", [])
    # ---- policies ----
    rows = []
    for p in g.policies:
        rows.append({"policy_id": p.pid, "holder_id": p.h.hid, "agent_id": p.agent.aid, "product": PRODUCTS[p.prod][0],
                     "premium": g.money(p.premium), "issued_at": g.ts(p.issued, date_only=rng.random() < 0.5),
                     "status": p.status, "sales_channel": "银保" if "银保" in p.agent.org else "个险"})

    def bad_premium(r):
        r["premium"] = rng.choice(["约5000元", "N/A", "12,000.00.5", "¥"])
        r["policy_id"] = r["policy_id"] + "B"

    counts["policies"] = write_csv(g, os.path.join(outdir, "policies.csv"),
                                   ["policy_id", "holder_id", "agent_id", "product", "premium", "issued_at", "status",
                                    "sales_channel"],
                                   rows, "policy_id", [miss_key("policy_id"), bad_premium])
    # ---- contact changes ----
    rows = []

    def val_out(f, v):
        if v is None:
            return ""
        if f == "phone":
            return g.phone_out(v)
        if f == "bank_account":
            return g.acct_out(v)
        if f == "address":
            return g.addr_out(v)
        return v if rng.random() > 0.05 else v.upper()

    for k, (t, h, p, f, old, new, ch, ip, dev) in enumerate(g.rows_chg):
        if p is None and rng.random() < 0.4 and h.pols:
            p = h.pols[0]
        rows.append({"change_id": "CC%010d" % (k * 2 + 1000001), "holder_id": h.hid, "policy_id": p.pid if p else "",
                     "field": f, "old_value": "" if rng.random() < 0.04 else val_out(f, old),
                     "new_value": val_out(f, new), "changed_at": g.ts(t), "channel": ch, "ip": ip, "device_id": dev})
    counts["contact_changes"] = write_csv(g, os.path.join(outdir, "contact_changes.csv"),
                                          ["change_id", "holder_id", "policy_id", "field", "old_value", "new_value",
                                           "changed_at", "channel", "ip", "device_id"],
                                          rows, "change_id", [miss_key("change_id"), new_key("change_id", "CX")])
    # ---- surrender requests ----
    rows = []
    for k, (t, h, p, amount, cph, payout, rep, ch, ip, dev, status) in enumerate(g.rows_sur):
        rn, ri, rp = rep_fields(g, rep)
        rows.append({"request_id": "SR%s%06d" % ((g.W0 + dt.timedelta(seconds=int(t))).strftime("%y%m"), k + 1),
                     "policy_id": p.pid, "holder_id": h.hid, "requested_at": g.ts(t), "amount": g.money(amount),
                     "contact_phone": g.phone_out(cph), "payout_account": g.acct_out(payout),
                     "payout_bank": bank_of(payout) if payout else "", "representative_name": rn,
                     "representative_id_number": ri, "representative_phone": rp, "channel": ch, "ip": ip,
                     "device_id": dev, "status": status})
    counts["surrender_requests"] = write_csv(g, os.path.join(outdir, "surrender_requests.csv"),
                                             ["request_id", "policy_id", "holder_id", "requested_at", "amount",
                                              "contact_phone", "payout_account", "payout_bank", "representative_name",
                                              "representative_id_number", "representative_phone", "channel", "ip",
                                              "device_id", "status"],
                                             rows, "request_id", [miss_key("request_id"), new_key("request_id", "SX")])
    # ---- complaints ----
    rows = []
    for k, (t, h, p, ch, cph, sad, rep, dem, text) in enumerate(g.rows_cmp):
        rn, ri, rp = rep_fields(g, rep)
        rows.append({"complaint_id": "TS%d%07d" % ((g.W0 + dt.timedelta(seconds=int(t))).year, k + 1),
                     "policy_id": p.pid if p else "", "holder_id": h.hid, "filed_at": g.ts(t), "channel": ch,
                     "contact_phone": g.phone_out(cph), "sender_address": g.addr_out(sad) if sad else "",
                     "representative_name": rn, "representative_id_number": ri, "representative_phone": rp,
                     "demand": dem, "text": text})
    counts["complaints"] = write_csv(g, os.path.join(outdir, "complaints.csv"),
                                     ["complaint_id", "policy_id", "holder_id", "filed_at", "channel", "contact_phone",
                                      "sender_address", "representative_name", "representative_id_number",
                                      "representative_phone", "demand", "text"],
                                     rows, "complaint_id", [miss_key("complaint_id"), new_key("complaint_id", "TX")])
    for k, (total, nbad) in counts.items():
        g.params["rows_" + k] = total
        g.params["bad_rows_" + k] = nbad


def truth(g):
    victims = set()
    out = []
    for m in g.ring_meta:
        if len(m["holders"]) < 2:
            continue
        for i in m["holders"]:
            victims.add(i)
    hid = {h.idx: h.hid for h in g.holders}
    for m in g.ring_meta:
        if len(m["holders"]) < 2:
            continue
        out.append({"group_id": m["group_id"], "type": "ring", "kind": m["kind"],
                    "holders": [hid[i] for i in m["holders"]], "controllers": list(m["ctrl"].values())})
    allv = set()
    for m in g.ring_meta:
        allv.update(m["holders"])
    decoys = list(g.groups)
    spouse = {}
    for hh, acct in g.spouse_payouts:
        spouse.setdefault(hh, []).append(acct)
    # households: members still registered at the shared flat
    for hh, (members, shared_phone, addr) in enumerate(g.households):
        if len(members) < 2 or (addr[0] == "village" and addr[-1] == 0):
            continue
        mem = [m for m in members if m.addr == addr]
        if len(mem) < 2:
            continue
        ctr = [{"type": "address", "value": g.render_addr(addr)}]
        for acct in spouse.get(hh, []):
            ctr.append({"type": "bank_account", "value": acct})
        if shared_phone and sum(1 for m in mem if m.phone == shared_phone) >= 2:
            ctr.append(ph_ctrl(shared_phone))
        decoys.append({"type": "decoy", "kind": "household", "holders": [m.idx for m in mem], "controllers": ctr})
    # villages without house numbers
    for ci, vs in enumerate(g.villages):
        for vaddr, committee, mem in vs:
            key = vaddr + (0,)
            hs = [g.holders[i] for i in mem]
            hs = [h for h in hs if h.addr == key]
            if len(hs) < 2 or len(set(h.hh for h in hs)) < 2:
                continue
            ctr = [{"type": "address", "value": g.render_addr(key)}]
            if sum(1 for h in hs if h.phone == committee) >= 2:
                ctr.append(ph_ctrl(committee))
            decoys.append({"type": "decoy", "kind": "village", "holders": [h.idx for h in hs], "controllers": ctr})
    for key, s in g.shared.items():
        decoys.append({"type": "decoy", "kind": s["kind"], "holders": s["holders"], "controllers": s["controllers"]})
    k = 0
    kinds = {}
    for d in decoys:
        hs = [i for i in d["holders"] if i not in allv]
        seen = set()
        hs2 = []
        for i in hs:
            if i not in seen:
                seen.add(i)
                hs2.append(i)
        if len(hs2) < 2:
            continue
        k += 1
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        out.append({"group_id": "DB-%05d" % k, "type": "decoy", "kind": d["kind"], "holders": [hid[i] for i in hs2],
                    "controllers": d["controllers"]})
    g.params["rings"] = sum(1 for o in out if o["type"] == "ring")
    g.params["ring_victims"] = len(victims)
    g.params["decoys"] = k
    for kd in sorted(kinds):
        g.params["decoys_" + kd] = kinds[kd]
    return out


def main():
    ap = argparse.ArgumentParser(description="insurer-b synthetic life insurer with agent-refund rings")
    ap.add_argument("--holders", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth", required=True)
    a = ap.parse_args()
    g = Gen(a.holders, a.seed)
    g.resell = []
    build(g)
    setup_channels(g)
    honest_structures(g)
    rings(g)
    honest_activity(g)
    replay(g)
    write_all(g, a.out)
    groups = truth(g)
    doc = {"seed": a.seed, "holders": a.holders, "generator": "insurer-b", "params": g.params, "groups": groups}
    d = os.path.dirname(os.path.abspath(a.truth))
    os.makedirs(d, exist_ok=True)
    with open(a.truth, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()

"""A fictitious county for the demo: stations, employers, and workers who look real but are not.

Everything is drawn from a seeded random generator, so the same seed gives the same county.
Resident ID numbers have a real layout (region of the county, birth date, serial with the
gender digit, ISO 7064 check digit from python-stdnum) but are generated, never real; mobile
numbers use the 139 prefix with a serial that is not assigned to anyone on purpose.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from stdnum.cn import ric, uscc

COUNTY_REGION = "320923"  # the county's administrative division code (used fictitiously)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩"
    "冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN_MALE = "伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志文斌海峰"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲桂英秀兰萍红琳雪梅婷慧莉倩颖佳琪欣悦晶月琴云凤洁"


@dataclass(frozen=True)
class Station:
    code: str
    name: str
    kind: str  # town | street | industrial_park
    deployment: str  # which membership deployment holds its members


@dataclass(frozen=True)
class Employer:
    name: str
    credit_code: str
    sector: str
    kind: str  # enterprise | joint
    station_code: str
    headcount: int
    founded_on: date


@dataclass(frozen=True)
class Worker:
    name: str
    resident_id: str
    mobile: str
    worker_type: str  # 职工 | 农民工 | 新就业形态
    joined_on: date
    gender: str


@dataclass
class County:
    stations: list[Station]
    employers: list[Employer]
    workers: dict[str, list[Worker]] = field(default_factory=dict)  # employer credit code →
    # Small employers without a union (most grievances come from them) and the workers there,
    # who are not members: they appear only in grievances.
    small_employers: list[Employer] = field(default_factory=list)
    non_members: list[Worker] = field(default_factory=list)


STATIONS = (
    Station("XZ01", "新庄镇职工服务站", "town", "town"),
    Station("HQ04", "河桥镇职工服务站", "town", "town"),
    Station("JD02", "建东街道职工服务站", "street", "street"),
    Station("YQ03", "经开区园区职工服务站", "industrial_park", "street"),
)

# (name pattern, sector, kind, headcount range)
EMPLOYER_KINDS = (
    ("{place}精密机械有限公司", "manufacturing", "enterprise", (80, 400)),
    ("{place}纺织服装有限公司", "manufacturing", "enterprise", (60, 300)),
    ("{place}建筑劳务有限公司", "construction", "enterprise", (40, 200)),
    ("{place}物流有限公司", "logistics", "enterprise", (30, 150)),
    ("{place}商贸有限公司", "retail", "enterprise", (20, 80)),
    ("{place}快递外卖行业联合工会", "delivery", "joint", (100, 400)),
    ("{place}家政服务行业联合工会", "domestic_services", "joint", (40, 150)),
)
PLACES = {"XZ01": "新庄", "HQ04": "河桥", "JD02": "建东", "YQ03": "经开"}
# Small employers without a union: (name pattern, sector).
SMALL_KINDS = (
    ("{place}{brand}餐饮店", "catering"), ("{place}{brand}汽车维修厂", "services"),
    ("{place}{brand}装饰工程队", "construction"), ("{place}{brand}电子加工厂", "manufacturing"),
    ("{place}{brand}超市", "retail"), ("{place}{brand}保洁服务部", "services"),
    ("{place}{brand}木制品厂", "manufacturing"), ("{place}{brand}货运部", "logistics"),
)  # fmt: skip
BRANDS = (
    "鑫源",
    "恒达",
    "顺发",
    "金利",
    "永盛",
    "华益",
    "宏图",
    "瑞丰",
    "佳美",
    "益民",
    "隆兴",
    "富康",
)


def build(seed: int = 2026, *, employers_per_station: int = 4, members: int = 2000) -> County:
    """A county with ``members`` workers spread over the stations' employers."""
    rng = random.Random(seed)
    county = County(stations=list(STATIONS), employers=[])
    serial = 0
    for station in STATIONS:
        kinds = rng.sample(EMPLOYER_KINDS, k=min(employers_per_station, len(EMPLOYER_KINDS)))
        for pattern, sector, kind, (low, high) in kinds:
            serial += 1
            county.employers.append(
                Employer(
                    name=pattern.format(place=PLACES[station.code]),
                    credit_code=credit_code(serial),
                    sector=sector,
                    kind=kind,
                    station_code=station.code,
                    headcount=rng.randint(low, high),
                    founded_on=date(2012, 1, 1) + timedelta(days=rng.randint(0, 4500)),
                )
            )
    # Members in proportion to each employer's size, at a membership rate (入会率) of 55-95 %;
    # the headcount is raised where the sample needs it, so no union is above 100 %.
    rates = [rng.uniform(0.55, 0.95) for _ in county.employers]
    weights = [e.headcount * r for e, r in zip(county.employers, rates, strict=True)]
    shares = [int(members * w / sum(weights)) for w in weights]
    shares[0] += members - sum(shares)
    seen: set[str] = set()
    for i, (employer, share, rate) in enumerate(zip(county.employers, shares, rates, strict=True)):
        if share / rate > employer.headcount:
            employer = replace(employer, headcount=math.ceil(share / rate))
            county.employers[i] = employer
        county.workers[employer.credit_code] = [_worker(rng, employer, seen) for _ in range(share)]
    for station in STATIONS:
        brands = rng.sample(BRANDS, k=len(SMALL_KINDS))
        for (pattern, sector), brand in zip(SMALL_KINDS, brands, strict=True):
            serial += 1
            small = Employer(
                name=pattern.format(place=PLACES[station.code], brand=brand),
                credit_code=credit_code(serial),
                sector=sector,
                kind="enterprise",
                station_code=station.code,
                headcount=rng.randint(5, 40),
                founded_on=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000)),
            )
            county.small_employers.append(small)
            county.non_members += [_worker(rng, small, seen) for _ in range(3)]
    return county


def _worker(rng: random.Random, employer: Employer, seen: set[str]) -> Worker:
    gender = "female" if rng.random() < 0.42 else "male"
    given = GIVEN_FEMALE if gender == "female" else GIVEN_MALE
    name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
    while True:
        born = date(1966, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
        resident_id = resident_id_for(born, gender, rng.randint(0, 499))
        if resident_id not in seen:
            seen.add(resident_id)
            break
    worker_type = {
        "delivery": "新就业形态",
        "domestic_services": "新就业形态",
        "construction": "农民工",
    }.get(employer.sector) or rng.choice(("职工", "职工", "农民工"))
    joined_after = max(employer.founded_on, born + timedelta(days=365 * 18))
    joined_on = joined_after + timedelta(
        days=rng.randint(0, max(1, (date(2026, 10, 31) - joined_after).days))
    )
    return Worker(
        name=name,
        resident_id=resident_id,
        mobile=f"139{rng.randint(0, 99_999_999):08d}",
        worker_type=worker_type,
        joined_on=min(joined_on, date(2026, 10, 31)),
        gender=gender,
    )


def resident_id_for(born: date, gender: str, serial: int) -> str:
    """An ID number of the county: the 17th digit is odd for men and even for women."""
    order = serial * 2 + (1 if gender == "male" else 0)  # 0..999 with the right parity
    body = f"{COUNTY_REGION}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "?")


def credit_code(n: int) -> str:
    """A unified social credit code (统一社会信用代码) with a valid check character."""
    body = f"91320924MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def member_csv(workers: list[Worker]) -> bytes:
    """The spreadsheet a station imports (the columns membership's import reads)."""
    rows = ["姓名,身份证号,手机号,职工类型,入会日期"]
    rows += [f"{w.name},{w.resident_id},{w.mobile},{w.worker_type},{w.joined_on}" for w in workers]
    return "\n".join(rows).encode()

"""Names, ID numbers and phones of generated people, drawn from the run's one random generator."""

import bisect
from datetime import date

from partydev.common.idcard import make_id_number

from .weights import cumulative

# Common surnames with rough weights (%), so ?q=王 finds the share it would find in real data.
SURNAMES = [("王", 7.1), ("李", 7.0), ("张", 6.8), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.5),
            ("赵", 2.3), ("吴", 2.0), ("周", 1.9), ("徐", 1.7), ("孙", 1.5), ("马", 1.5), ("朱", 1.3),
            ("胡", 1.3), ("郭", 1.1), ("何", 1.1), ("林", 1.0), ("高", 1.0), ("罗", 0.9), ("郑", 0.9),
            ("梁", 0.8), ("谢", 0.7), ("宋", 0.6), ("唐", 0.6), ("许", 0.6), ("韩", 0.6), ("冯", 0.6),
            ("邓", 0.6), ("曹", 0.5), ("彭", 0.5), ("曾", 0.5), ("肖", 0.5), ("田", 0.4), ("董", 0.4),
            ("潘", 0.4), ("袁", 0.4), ("蔡", 0.4), ("蒋", 0.4), ("余", 0.4), ("于", 0.4), ("杜", 0.3),
            ("叶", 0.3), ("程", 0.3), ("魏", 0.3), ("苏", 0.3), ("吕", 0.3), ("丁", 0.3), ("任", 0.3),
            ("卢", 0.3), ("姚", 0.3), ("沈", 0.3), ("钟", 0.3), ("姜", 0.3), ("崔", 0.3), ("谭", 0.3),
            ("陆", 0.2), ("范", 0.2), ("汪", 0.2), ("廖", 0.2), ("石", 0.2), ("金", 0.2), ("欧阳", 0.1)]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉宇浩然子涵梓轩一诺欣怡思远"
             "雨桐沐阳悦晨昊天佳琪嘉懿博文俊杰若曦心怡语嫣梦瑶宏志海波晓东丹丹婷婷鹏飞晨曦晓峰海燕")
REGIONS_T1 = ["110105", "110108", "310104", "320102", "330106", "340104", "350102", "360102", "370102",
              "410105", "420106", "430102", "440106", "450103", "500103", "510107", "520102", "530102",
              "610113", "620102", "130102", "140105", "210102", "220102", "230102", "150102", "640104"]
REGIONS_T2 = ["430102", "430103", "430104", "430105", "430111", "430121", "430202", "430302", "430402",
              "430502", "430602", "430702", "430802", "430902", "431002", "431102", "431202", "431302",
              "433101", "430181", "430223", "430321", "430421", "430521"]


class People:
    """Names, ID numbers (unique by construction) and phones, all drawn from the one generator."""

    def __init__(self, rng, regions):
        self.rng, self.regions = rng, regions
        self.surnames = [s for s, _ in SURNAMES]
        self.cum = cumulative([w for _, w in SURNAMES])
        self.used: dict[tuple, int] = {}

    def name(self) -> str:
        rng = self.rng
        surname = self.surnames[bisect.bisect(self.cum, rng.random() * self.cum[-1])]
        return surname + "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))

    def id_number(self, birth: date, gender: str) -> str:
        """A valid 18-character number; (region, birth, gender) keys a sequence counter so no two
        people share one."""
        while True:
            region = self.rng.choice(self.regions)
            key = (region, birth, gender)
            seq = self.used.get(key, 0)
            if seq <= 99:
                self.used[key] = seq + 1
                return make_id_number(region, birth, seq, gender)

    def phone(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"

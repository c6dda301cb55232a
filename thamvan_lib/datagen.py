"""Practice data for the analysis lessons: a consultation on healthcare for the poor.

The fictional province "tỉnh Sơn Hà" consults its people on a draft resolution of the
People's Council on support for the poor when they see a doctor (khám chữa bệnh cho
người nghèo). Since 1 July 2025 local government has two tiers, so the province is made
of communes (xã), wards (phường) and a special zone (đặc khu), with no districts.

``generate(out_dir)`` writes everything a trainee analyses:

* ``phieu-hoi.csv``        questionnaire answers, with the faults a real file has
                           (rows typed twice, blank rows, impossible ages, commune
                           names typed without diacritics) for the cleaning lesson;
* ``thu-cong-dan/``        citizens' letters, one .txt each, about one in ten in the
                           legacy TCVN3 encoding, and ``thu-cong-dan.csv`` with the
                           themes each letter really raises (the answer key of coding);
* ``bien-ban/``            two conferences: the verbatim transcript, the same words cut
                           into opinion units, and the structured minutes (JSON);
* ``phong-van.csv``        notes of interviews with key informants;
* ``dan-so-xa.csv``        commune populations, for weighting;
* ``DATA_DICTIONARY.md``   every file and column, in Vietnamese and English.

Everything comes from one ``numpy.random.Generator`` seeded with ``seed``: the same seed
writes byte-identical files, which is how a test checks the copy committed in
``datasets/tham-van-kcb/``. ``scale`` multiplies the questionnaire (scale=100 gives
160,000 rows; vectorised, a million rows take a few seconds); ``letters_scale`` the
letters, which are files and so stay few unless asked.

>>> df = questionnaire(scale=0.05, seed=1)
>>> len(df) > 80, df.columns[1]
(True, 'xa_phuong')
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from . import dataset
from .content import PACKAGE_CONTENT
from .sampling import allocate
from .storyline import load_storyline
from .dataset import (AGE_GROUPS, AGE_RANGE, BARRIERS, CARD, GENDERS, HOUSEHOLD, LIKERT, STANCES,
                      TOPICS)
from .vietnamese import fold, to_legacy

PROVINCE = "tỉnh Sơn Hà"
SEED = 2026
QUESTIONNAIRE_BASE = 1_600   # respondents at scale 1, before the faults are added
LETTERS_BASE = 320


@functools.cache
def story():
    """The storyline the data tell, always the kit's own (a trainer's content folder does not
    change the committed data): its survey and letters windows, its conferences' days."""
    return load_storyline(PACKAGE_CONTENT)


# --- the province ------------------------------------------------------------------

@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: str            # "xã", "phường" or "đặc khu"
    population: int
    adults: int          # 18 and over: the survey's population, used for weights
    households: int
    poor: int            # hộ nghèo
    near_poor: int       # hộ cận nghèo
    remote: float        # 0 = the provincial centre … 1 = the farthest mountain commune
    terrain: str         # "town", "lowland", "midland", "mountain" or "island": how people travel
    ethnic: dict         # share of each ethnic group among residents
    hamlets: tuple       # thôn, bản, khu phố, tổ dân phố used in letters

    @property
    def short(self) -> str:
        """The name without its kind: "Tân Phú" for "Xã Tân Phú"."""
        return self.name.split(" ", 2 if self.kind == "đặc khu" else 1)[-1]

    @property
    def address(self) -> str:
        """As an address writes it, the kind in lower case: "xã Tân Phú"."""
        return f"{self.kind} {self.short}"


# One row per commune of ``dataset.COMMUNES``, in that order: code, kind, population,
# adults, households, poor and near-poor households, remoteness, terrain, ethnic groups,
# hamlets. A northern midland-and-mountain province with a coastal special zone.
_PROVINCE = (
    ("SH01", "phường", 48_200, 35_900, 13_100, 210, 390, 0.0, "town",
            {"Kinh": .86, "Tày": .06, "Mường": .05, "Thái": .03},
            ("khu phố 1", "khu phố 3", "tổ dân phố Bắc Sơn", "tổ dân phố Hồng Hà")),
    ("SH02", "phường", 31_500, 23_400, 8_600, 190, 310, 0.1, "town",
            {"Kinh": .90, "Tày": .05, "Mường": .05},
            ("khu phố Minh Khai", "khu phố Đồng Tâm", "tổ dân phố số 7")),
    ("SH03", "phường", 27_900, 20_500, 7_700, 260, 420, 0.15, "town",
            {"Kinh": .80, "Mường": .12, "Tày": .08},
            ("khu phố Đông Hưng", "khu phố Tiến Thành", "tổ dân phố Cầu Đá")),
    ("SH04", "xã", 16_400, 11_500, 4_300, 520, 610, 0.3, "midland",
            {"Kinh": .70, "Mường": .25, "Tày": .05},
            ("thôn Đồng Chùa", "thôn Phú Lợi", "thôn Gò Mít", "thôn Bãi Sậy")),
    ("SH05", "xã", 14_700, 10_200, 3_900, 610, 540, 0.35, "midland",
            {"Kinh": .55, "Tày": .27, "Dao": .10, "Mông": .08},
            ("thôn Đồng Mít", "thôn Nà Phai", "bản Khe Lau")),  # the hamlets of the role-plays
    ("SH06", "xã", 9_800, 6_300, 2_200, 790, 380, 0.7, "mountain",
            {"Thái": .75, "Kinh": .10, "Mông": .10, "Mường": .05},
            ("bản Nà Khuông", "bản Hua Mường", "bản Lọng Ngựu", "bản Co Phương")),
    ("SH07", "xã", 8_600, 5_200, 1_700, 820, 310, 0.85, "mountain",
            {"Mông": .55, "Dao": .30, "Tày": .10, "Kinh": .05},
            ("bản Nậm Khê", "bản Sà Phìn", "bản Tả Làng", "bản Khe Vàng")),
    ("SH08", "xã", 6_900, 4_100, 1_300, 760, 220, 0.95, "mountain",
            {"Mông": .80, "Dao": .15, "Kinh": .05},
            ("bản Phìn Sáng", "bản Cán Hồ", "bản Sùng Chứ", "bản Lũng Pù")),
    ("SH09", "xã", 12_300, 8_700, 3_100, 420, 450, 0.5, "lowland",
            {"Kinh": .72, "Mường": .18, "Tày": .10},
            ("thôn Vĩnh Lợi", "thôn Đồng Xuân", "thôn Bến Đình", "thôn Yên Thịnh")),
    ("SH10", "đặc khu", 5_400, 3_900, 1_500, 150, 230, 0.6, "island",
            {"Kinh": .97, "Tày": .03},
            ("khu phố Bãi Dài", "khu phố Cửa Cạn", "thôn Hòn Mây")),
)
COMMUNES = tuple(Commune(code, name, *rest)
                 for name, (code, *rest) in zip(dataset.COMMUNES, _PROVINCE, strict=True))
ETHNICITIES = ("Kinh", "Tày", "Thái", "Mường", "Mông", "Dao")
# Groups whose elders often speak little Vietnamese: the language barrier is theirs.
_LANGUAGE_GROUPS = ("Mông", "Dao", "Thái")


def communes() -> dict[str, int]:
    """Commune → adult population (18 and over), the strata of the survey.

    >>> list(communes())[:2]
    ['Phường Sơn Hà', 'Phường Bình Minh']
    """
    return {c.name: c.adults for c in COMMUNES}


# --- the questionnaire -------------------------------------------------------------

# Open answers: one sentence about a barrier the respondent ticked, sometimes a request; the
# tags (see ``fitting``) keep travel to what the commune allows and language to who speaks it.
_OPEN = {
    "Chi phí đi lại": (
        "@hills nhà xa, mỗi lần đi khám mất tiền xe ôm cả trăm nghìn.",
        "@rural tiền đi lại lên bệnh viện tỉnh quá tốn kém so với thu nhập của gia đình.",
        "chi phí đi lại cao nên nhiều khi có bệnh cũng không dám đi khám.",
        "@rural tiền thuê xe chở người ốm xuống trung tâm y tế rất đắt.",
        "@island tiền tàu, tiền xe vào bệnh viện trong đất liền rất tốn kém.",
        "@town người ốm không đi xe buýt được, mỗi lần gọi taxi đi khám cũng mất cả trăm nghìn."),
    "Thiếu thuốc": (
        "trạm y tế hay hết thuốc, phải ra hiệu thuốc ngoài mua.",
        "thuốc ở trạm ít loại, người bị bệnh mãn tính phải tự mua thuốc.",
        "thuốc huyết áp ở trạm lúc có lúc không."),
    "Thủ tục phức tạp": (
        "thủ tục còn rườm rà, phải đi lại nhiều lần mới xong.",
        "giấy tờ nhiều quá, người già không biết làm thế nào.",
        "làm hồ sơ xin hỗ trợ mất nhiều thời gian."),
    "Khoảng cách xa": (
        "@hills đường từ nhà ra trạm y tế xa, mùa mưa rất khó đi.",
        "@mountain nhà cách trạm y tế hơn mười cây số đường đèo.",
        "@hills đường đi trơn trượt, chở người ốm ra trạm rất vất vả.",
        "@lowland sau khi sáp nhập xã, trạm y tế ở xa nhà, người già không tự đi được.",
        "@island muốn vào bệnh viện trong đất liền phải đi tàu, biển động thì tàu không chạy.",
        "@town trạm y tế chuyển chỗ, xa khu dân cư, xe buýt không đi qua."),
    "Bất đồng ngôn ngữ": (
        "@minority nhiều người già không nói được tiếng phổ thông, khó trao đổi với bác sĩ.",
        "@minority khi đi khám cần có người phiên dịch tiếng dân tộc.",
        "@language không hiểu hết lời dặn của bác sĩ vì không thạo tiếng Kinh.",
        "@kinh bà con dân tộc thiểu số đi khám khó trao đổi với bác sĩ, cần có người phiên dịch."),
    "Phải chờ lâu": (
        "phải chờ lâu mới đến lượt khám.",
        "xếp hàng cả buổi sáng mới được khám.",
        "lên bệnh viện tỉnh chờ đợi rất lâu."),
    "Không có khó khăn": (
        "cán bộ trạm y tế nhiệt tình, gia đình tôi hài lòng.",
        "không có ý kiến gì thêm.",
        "mong trạm y tế tiếp tục phục vụ tốt như hiện nay."),
}
_OPENERS = ("", "Theo tôi, ", "Gia đình tôi thấy ", "Ý kiến: ", "Thực tế là ")
_REQUESTS = ("", "", " Đề nghị Nhà nước quan tâm hỗ trợ thêm.",
             " Mong các cấp xem xét giải quyết.", " Đề nghị tăng mức hỗ trợ cho hộ nghèo.",
             " Mong được quan tâm hơn.")


def _open_options() -> tuple[list[str], np.ndarray]:
    """Every open answer, and for each commune × ethnic group × barrier the answers that fit
    (indices into the first, padded with -1)."""
    tagged = [(k, s) for k, b in enumerate(BARRIERS) for s in _OPEN[b]]
    sentences = [fits(s, set())[1] for _, s in tagged]
    rows = []
    for commune in COMMUNES:
        for ethnicity in ETHNICITIES:
            for k in range(len(BARRIERS)):
                rows.append([i for i, (b, s) in enumerate(tagged) if b == k
                             and fitting((s,), commune, ethnicity=ethnicity)])
    width = max(len(r) for r in rows)
    return sentences, np.array([r + [-1] * (width - len(r)) for r in rows])


def _sample_sizes(n: int) -> np.ndarray:
    """Respondents per commune, as the plan allocates them: in proportion to √population
    (small communes over-sampled so they can be compared; weights for the whole scope)."""
    frame = communes()
    times = -(-n // sum(frame.values()))  # a dataset scaled past the province (benchmarks)
    return np.array(list(allocate({c: a * times for c, a in frame.items()}, n, "sqrt").values()))


def _categorical(rng, probs: np.ndarray) -> np.ndarray:
    """One category per row from a rows × categories matrix of probabilities."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None] * cum[:, -1:]
    return (u > cum).sum(axis=1)


def _likert(rng, latent: np.ndarray) -> np.ndarray:
    return np.digitize(latent + rng.normal(0, 1, len(latent)), [-1.6, -0.6, 0.5, 1.6])


def _respondents(rng, n: int) -> pd.DataFrame:
    sizes = _sample_sizes(n)
    idx = np.repeat(np.arange(len(COMMUNES)), sizes)
    remote = np.array([c.remote for c in COMMUNES])[idx]
    ethnic = np.array([[c.ethnic.get(e, 0.0) for e in ETHNICITIES] for c in COMMUNES])[idx]
    eth = _categorical(rng, ethnic)
    gender = (rng.random(n) < 0.53).astype(int)  # women answer a little more often
    age = np.clip(np.rint(rng.normal(45, 15, n)), 18, 88).astype(int)
    poor_p = np.array([c.poor / c.households for c in COMMUNES])[idx] * 1.6
    near_p = np.array([c.near_poor / c.households for c in COMMUNES])[idx] * 1.4
    household = _categorical(rng, np.column_stack([poor_p, near_p, 1 - poor_p - near_p]))
    card_p = np.choose(household, [0.97, 0.93, 0.84])  # the State pays for the poor's cards
    card = (rng.random(n) >= card_p).astype(int)
    minority = np.isin(eth, [ETHNICITIES.index(e) for e in _LANGUAGE_GROUPS])
    base = 0.6 - 1.3 * remote - 0.5 * card - 0.2 * minority
    likert = {
        "hl_tram_y_te": _likert(rng, base + 0.2),
        "de_thu_tuc": _likert(rng, base - 0.1 - 0.3 * (age >= 60)),
        "du_thuoc": _likert(rng, base - 0.3),
    }
    # Multi-select barriers, one bit per option, from probabilities that follow the
    # commune, the household and the answers above.
    poor = household == 0
    probs = [
        0.08 + 0.45 * remote + 0.15 * poor,
        0.15 + 0.12 * (4 - likert["du_thuoc"]),
        0.08 + 0.08 * (4 - likert["de_thu_tuc"]),
        0.03 + 0.6 * remote,
        0.01 + 0.35 * minority * remote + 0.1 * minority,
        0.28 - 0.2 * remote,
    ]
    bits = np.zeros(n, dtype=np.int64)
    for k, p in enumerate(probs):
        bits |= (rng.random(n) < p).astype(np.int64) << k
    bits[bits == 0] = 1 << 6  # nobody ticked anything: "Không có khó khăn"
    joined = np.array([";".join(BARRIERS[k] for k in range(7) if m >> k & 1)
                       for m in range(128)], dtype=object)
    # Open answers from about 40% of respondents, on one of the barriers they ticked.
    ticked = (bits[:, None] >> np.arange(7)) & 1
    theme = np.argmax(ticked * rng.random((n, 7)), axis=1)
    sentences, options = _open_options()
    key = (idx * len(ETHNICITIES) + eth) * len(BARRIERS) + theme
    count = (options >= 0).sum(axis=1)
    sentence = options[key, (rng.random(n) * count[key]).astype(int)]
    opener = rng.integers(0, len(_OPENERS), n)
    request = rng.integers(0, len(_REQUESTS), n)
    # nobody writes "Theo tôi, không có ý kiến gì thêm. Đề nghị Nhà nước quan tâm hỗ trợ thêm."
    content = theme == BARRIERS.index("Không có khó khăn")
    opener[content], request[content] = 0, 0
    table = np.array([[_first_upper(o + s) for s in sentences] for o in _OPENERS], dtype=object)
    answer = table[opener, sentence] + np.array(_REQUESTS, dtype=object)[request]
    answer[(rng.random(n) >= 0.4)] = ""
    survey = story().survey
    length = (survey.end - survey.start).days + 1
    days = rng.integers(0, length, n)
    frame = {
        "xa_phuong": np.array([c.name for c in COMMUNES], dtype=object)[idx],
        "ngay_khao_sat": np.array([(survey.start + timedelta(d)).isoformat()
                                   for d in range(length)], dtype=object)[days],
        "gioi_tinh": np.array(GENDERS, dtype=object)[gender],
        "tuoi": age,
        "dan_toc": np.array(ETHNICITIES, dtype=object)[eth],
        "ho_gia_dinh": np.array(HOUSEHOLD, dtype=object)[household],
        "the_bhyt": np.array(CARD, dtype=object)[card],
    }
    for column, values in likert.items():
        labels = np.array(LIKERT[column], dtype=object)[values]
        labels[rng.random(n) < 0.03] = ""  # "không trả lời"
        frame[column] = labels
    frame["kho_khan"] = joined[bits]
    frame["y_kien"] = answer
    return pd.DataFrame(frame)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _age_group(age: pd.Series) -> pd.Series:
    groups = pd.cut(age, [17, 29, 44, 59, AGE_RANGE[1]], labels=list(AGE_GROUPS))
    return groups.astype(object).where(groups.notna(), "")


def questionnaire(scale: float = 1.0, seed: int = SEED, rng=None) -> pd.DataFrame:
    """The questionnaire file as written: every cell a string, faults included.

    About 1.2% of rows are typed twice, 0.4% are blank, 0.4% have an impossible age
    and 4% spell their commune another way ("xa tan phu", "Tân Phú", "XÃ TÂN PHÚ").
    """
    rng = rng if rng is not None else np.random.default_rng(seed)
    n = max(int(round(QUESTIONNAIRE_BASE * scale)), len(COMMUNES))
    df = _respondents(rng, n)
    # Faults, each on its own random rows.
    bad_age = rng.random(n) < 0.004
    df.loc[bad_age, "tuoi"] = rng.choice([0, 3, 5, 120, 150, 245, 999], bad_age.sum())
    df.insert(4, "nhom_tuoi", _age_group(df["tuoi"]).to_numpy(dtype=object))
    df["tuoi"] = df["tuoi"].astype(str)
    variant = rng.random(n) < 0.04
    which = rng.integers(0, 4, n)
    names = df["xa_phuong"].to_numpy(dtype=object)
    spelled = {c.name: (_ascii_title(c.name), fold(c.name), c.short, c.name.upper())
               for c in COMMUNES}
    for k in range(4):
        rows = variant & (which == k)
        names[rows] = [spelled[x][k] for x in names[rows]]
    df["xa_phuong"] = names
    # Shuffle the communes' rows into the order forms were typed (by day), then number them.
    order = np.lexsort((rng.random(n), df["ngay_khao_sat"].to_numpy(dtype=str)))
    df = df.iloc[order].reset_index(drop=True)
    df.insert(0, "ma_phieu", [f"SH-{i:06d}" for i in range(1, n + 1)])
    # Typed twice: the copy follows the original; blank rows anywhere.
    twice = np.flatnonzero(rng.random(n) < 0.012)
    blank = np.flatnonzero(rng.random(n) < 0.004)
    position = np.concatenate([np.arange(n), twice + 0.5, blank + 0.25])
    source = np.concatenate([np.arange(n), twice, np.full(len(blank), -1)])
    source = source[np.argsort(position, kind="stable")]
    out = df.iloc[np.where(source < 0, 0, source)].reset_index(drop=True)
    out.loc[source < 0, :] = ""
    return out.astype(object)


def _ascii_title(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in fold(name).split())


# --- letters, interviews and conferences: sentences -------------------------------

THEMES = ("chi-phi-di-lai", "thieu-thuoc", "thu-tuc", "khoang-cach", "ngon-ngu", "the-bhyt",
          "thai-do", "co-so-vat-chat", "nhan-luc", "xet-ho-ngheo", "thoi-gian-cho",
          "chuyen-tuyen")

# Paragraphs of letters by theme. {tram} is the commune's health station, {bv} a hospital,
# {hamlet} the writer's hamlet, {kind} "xã", "phường" or "đặc khu", {km} a distance. A leading
# "@tag" says who can write it (see ``fitting``): own old age only from 60, travel as the place
# allows it. No sentence starts with a capital vowel carrying a tone (Ở, Ý …): TCVN3 fonts write
# those as lower-case bytes, so the TCVN3 copies could not be read back letter for letter.
_LETTER = {
    "chi-phi-di-lai": (
        "@rural Gia đình tôi ở {hamlet}, mỗi lần đưa người ốm xuống {bv} phải thuê xe mất ba, bốn trăm nghìn đồng cả đi lẫn về. Khoản tiền đi lại này nhiều khi bằng nửa tháng thu nhập của cả nhà.",
        "Tuy thẻ đã chi trả tiền khám, nhưng chi phí đi lại và tiền ăn của người nhà khi nằm viện thì gia đình phải tự lo. Nhiều hộ nghèo trong {hamlet} vì thế mà bỏ dở việc điều trị.",
        "@young Vừa qua mẹ tôi phải lên {bv} điều trị mười ngày. Riêng tiền xe và tiền ăn cho người nhà đã hết gần hai triệu đồng, gia đình phải vay mượn hàng xóm.",
        "@old,man Vừa qua vợ tôi phải lên {bv} điều trị mười ngày. Riêng tiền xe và tiền ăn cho người nhà đã hết gần hai triệu đồng, gia đình phải vay mượn hàng xóm.",
        "@old,woman Vừa qua ông nhà tôi phải lên {bv} điều trị mười ngày. Riêng tiền xe và tiền ăn cho người nhà đã hết gần hai triệu đồng, gia đình phải vay mượn hàng xóm.",
        "@mountain Người nghèo ở vùng cao đi khám không sợ tiền thuốc bằng sợ tiền xe ôm, vì mỗi chuyến ra trung tâm mất cả trăm nghìn đồng.",
        "@island Từ {hamlet} vào bệnh viện tỉnh phải đi tàu ra đất liền rồi đi tiếp xe khách; tiền tàu, tiền xe mỗi chuyến đưa người ốm đi chữa bệnh mất vài trăm nghìn đồng, có hôm biển động tàu không chạy.",
        "@town Nhà tôi không xa {bv}, nhưng người ốm không đi xe buýt được, mỗi lần phải gọi taxi mất hơn trăm nghìn đồng cả đi lẫn về, với gia đình tôi đó không phải khoản nhỏ.",
    ),
    "thieu-thuoc": (
        "{tram} thường xuyên thiếu thuốc, nhất là thuốc huyết áp và tiểu đường. Cán bộ trạm kê đơn rồi bảo người bệnh ra ngoài mua thuốc, như vậy có bảo hiểm y tế cũng không giúp được nhiều.",
        "@young Bố tôi bị bệnh mãn tính, tháng nào cũng phải tự mua thuốc vì trạm hết thuốc. Tiền thuốc mỗi tháng gần năm trăm nghìn, gia đình rất khó khăn.",
        "@old Tôi bị huyết áp cao đã nhiều năm, tháng nào cũng phải tự mua thuốc vì trạm hết thuốc. Tiền thuốc mỗi tháng gần năm trăm nghìn, tuổi già không còn làm ra tiền.",
        "@rural|island Danh mục thuốc ở {tram} quá ít, nhiều loại thuốc thông thường cũng không có, người dân phải đi xa mới mua được.",
        "Nhiều lần tôi đến {tram} lấy thuốc thì được trả lời là chưa có thuốc về, hẹn tuần sau quay lại.",
    ),
    "thu-tuc": (
        "Thủ tục để được hỗ trợ còn rườm rà. Tôi phải đi lại nhiều lần để xin xác nhận, nộp giấy tờ mà đến nay hồ sơ vẫn chưa được giải quyết.",
        "@old Người già, người không biết chữ như chúng tôi rất khó tự làm hồ sơ thanh toán. Giấy tờ nhiều, mỗi nơi yêu cầu một kiểu.",
        "@young Bố mẹ tôi đã già, lại không biết chữ, nên rất khó tự làm hồ sơ thanh toán. Giấy tờ nhiều, mỗi nơi yêu cầu một kiểu.",
        "@rural|island Khi thanh toán tiền hỗ trợ, cán bộ yêu cầu bản sao giấy tờ có chứng thực, trong khi gia đình tôi ở xa, đi chứng thực mất cả ngày công.",
    ),
    "khoang-cach": (
        "@mountain Từ {hamlet} ra {tram} khoảng {km} cây số, đường đất, mùa mưa trơn trượt, có đoạn phải lội qua suối. Người ốm nặng phải cáng bộ mới ra được đến đường lớn.",
        "@mountain Nhà tôi cách {tram} gần {km} km đường đèo. Ban đêm có người đau ốm thì gần như không có cách nào đưa đi cấp cứu kịp.",
        "@hills Đường sá từ {hamlet} đi trung tâm xã rất khó khăn, xe máy chỉ đi được vào mùa khô.",
        "@island Trạm y tế đặc khu chỉ chữa được bệnh thông thường; người ốm nặng phải đưa vào đất liền, hơn ba mươi cây số đường biển bằng tàu hoặc ca nô, sóng lớn thì không đi được, ban đêm gần như không có cách nào đưa đi kịp.",
        "@lowland Sau khi sáp nhập xã, trạm y tế đặt ở trung tâm xã mới, từ {hamlet} đến trạm gần mười cây số, người già không tự đi xe máy được, phải nhờ con cháu chở.",
        "@town Sau khi sắp xếp lại, trạm y tế phường chuyển về chỗ mới, cách khu dân cư của tôi hơn ba cây số, xe buýt không đi qua, người già phải nhờ con cháu chở hoặc gọi xe.",
    ),
    "ngon-ngu": (
        "@minority Nhiều người già trong {hamlet} không nói được tiếng phổ thông. Khi đi khám, bác sĩ hỏi không hiểu, dặn dò cũng không hiểu, nên uống thuốc không đúng.",
        "Đề nghị bố trí người phiên dịch hoặc cán bộ y tế biết tiếng dân tộc ở trạm y tế và bệnh viện, để bà con dễ trình bày bệnh của mình.",
        "@young,minority Mẹ tôi chỉ nói được tiếng dân tộc mình, lần nào đi khám cũng phải có con cháu đi cùng để nói giúp với bác sĩ.",
        "@old,minority Tôi không thạo tiếng phổ thông, lần nào đi khám cũng phải có con cháu đi cùng để nói giúp với bác sĩ.",
        "@kinh Nhiều bà con dân tộc thiểu số ở {hamlet} không thạo tiếng phổ thông, đi khám không hiểu lời bác sĩ dặn, phải nhờ người nói giúp.",
    ),
    "the-bhyt": (
        "Thẻ bảo hiểm y tế của gia đình tôi bị sai ngày sinh, đã báo nhiều lần nhưng chưa được sửa, nên khi đi khám bị từ chối thanh toán.",
        "@young,poor|near Năm nay con tôi chưa được cấp thẻ BHYT dù gia đình vẫn thuộc diện được Nhà nước hỗ trợ mua thẻ. Tôi không biết phải hỏi ai.",
        "@old,poor|near Năm nay cháu nội tôi chưa được cấp thẻ BHYT dù gia đình vẫn thuộc diện được Nhà nước hỗ trợ mua thẻ. Tôi không biết phải hỏi ai.",
        "Khi thẻ hết hạn, người dân không được báo trước. Đến lúc đi khám mới biết thẻ bảo hiểm đã hết hạn và phải tự trả toàn bộ tiền.",
    ),
    "thai-do": (
        "Một số nhân viên y tế có thái độ chưa đúng mực, quát mắng người bệnh, nhất là với người dân tộc nói không rõ tiếng.",
        "Tôi mong cán bộ y tế niềm nở hơn với người nghèo. Lần trước tôi hỏi thêm về cách uống thuốc thì bị cáu gắt, thấy rất tủi thân.",
        "Người bệnh nghèo thường bị đối xử thiếu tôn trọng, bị để lại sau cùng dù đến từ sớm.",
    ),
    "co-so-vat-chat": (
        "Nhà trạm của {tram} đã xuống cấp, mùa mưa bị dột, phòng bệnh chật, không đủ giường cho người bệnh nằm lại theo dõi.",
        "Trạm thiếu trang thiết bị, không có máy siêu âm, máy xét nghiệm, nên chỉ khám được những bệnh thông thường.",
        "Cơ sở vật chất của {tram} còn thiếu thốn, máy móc cũ hỏng nhiều năm chưa được thay.",
    ),
    "nhan-luc": (
        "@rural|island {tram} hiện không có bác sĩ, chỉ có một y sĩ và hai điều dưỡng phục vụ cho cả {kind} hàng nghìn người.",
        "@town {tram} chỉ có một bác sĩ, mỗi buổi sáng phải khám cho vài chục người, không kịp dặn dò ai cho kỹ.",
        "Đề nghị tăng cường bác sĩ luân phiên về trạm y tế, vì lâu nay trạm thiếu bác sĩ, bệnh gì cũng phải chuyển đi.",
        "Cán bộ trạm nghỉ việc, chuyển đi nơi khác nhiều, trạm thiếu nhân viên y tế trầm trọng.",
    ),
    "xet-ho-ngheo": (
        "@near|other Việc bình xét hộ nghèo ở {hamlet} chưa công bằng. Có gia đình khá giả vẫn có tên, còn gia đình tôi khó khăn thật sự thì không được đưa vào danh sách hộ nghèo.",
        "@near|other Năm nay gia đình tôi bị đưa ra khỏi danh sách hộ nghèo sau đợt rà soát, trong khi hoàn cảnh vẫn như cũ, nên mất luôn chế độ hỗ trợ khám chữa bệnh.",
        "Chuẩn nghèo hiện nay tính theo thu nhập nhưng chưa tính đến gia đình có người ốm đau lâu năm. Nhiều hộ vừa thoát nghèo đã lại khó khăn vì bệnh tật.",
    ),
    "thoi-gian-cho": (
        "Lên {bv} phải chờ lâu, có hôm xếp hàng từ năm giờ sáng đến trưa mới được khám.",
        "Người bệnh nghèo ở xa phải chờ đợi cả ngày, tối không có chỗ nghỉ, nhiều người phải nằm ngoài hành lang.",
        "@rural Làm xét nghiệm xong lại chờ cả buổi mới có kết quả, người ở xa như chúng tôi lỡ cả chuyến xe về.",
        "@island Làm xét nghiệm xong lại chờ cả buổi mới có kết quả, nhiều lần tôi lỡ chuyến tàu về đảo, phải ở lại đất liền thêm một đêm.",
    ),
    "chuyen-tuyen": (
        "Muốn lên {bv} phải có giấy chuyển tuyến, nhưng xin giấy chuyển tuyến ở {tram} rất khó, nhiều khi phải về lại {kind} để xin.",
        "Lần trước bệnh nặng tôi tự lên tuyến trên, vì không có giấy chuyển viện nên bị tính là vượt tuyến, phải trả thêm nhiều tiền.",
        "Đề nghị đơn giản hóa việc chuyển tuyến cho người nghèo mắc bệnh nặng, để được lên bệnh viện tỉnh điều trị kịp thời.",
    ),
}
# Requests that close a letter, by theme: the first that fits the place.
_ASK = {
    "chi-phi-di-lai": ("tăng mức hỗ trợ tiền đi lại và tiền ăn cho người nghèo khi điều trị ở xa",),
    "thieu-thuoc": ("bảo đảm đủ thuốc thiết yếu tại trạm y tế",),
    "thu-tuc": ("giảm bớt giấy tờ, để người dân làm hồ sơ một lần ở {kind}",),
    "khoang-cach": ("@hills sớm làm đường và bố trí điểm khám lưu động cho các thôn, bản xa",
                    "@lowland bố trí điểm khám lưu động cho các thôn xa trạm y tế",
                    "@island bố trí ca nô cấp cứu và hỗ trợ tiền tàu cho người bệnh phải vào đất liền",
                    "@town cho xe buýt đi qua trạm y tế hoặc có điểm khám gần khu dân cư"),
    "ngon-ngu": ("có người phiên dịch tiếng dân tộc ở nơi khám bệnh",),
    "the-bhyt": ("kiểm tra, sửa và cấp thẻ bảo hiểm y tế kịp thời cho người dân",),
    "thai-do": ("nhắc nhở nhân viên y tế về thái độ phục vụ người bệnh",),
    "co-so-vat-chat": ("đầu tư sửa chữa trạm và bổ sung trang thiết bị",),
    "nhan-luc": ("bố trí đủ bác sĩ cho trạm y tế",),
    "xet-ho-ngheo": ("rà soát lại việc bình xét hộ nghèo cho công bằng",),
    "thoi-gian-cho": ("có cách để người bệnh ở xa không phải chờ lâu",),
    "chuyen-tuyen": ("đơn giản hóa việc chuyển tuyến cho người bệnh nặng",),
}
# Whom a letter is sent to, how its body names them ("kính mong Đoàn xem xét") and what it
# asks of them: the delegation passes a complaint on, the Standing Committee has it dealt
# with, the committee weighs it when it reviews the draft resolution.
_RECIPIENTS = (("Đoàn đại biểu Quốc hội tỉnh Sơn Hà", "Đoàn",
                "chuyển ý kiến của tôi tới cơ quan có thẩm quyền"),
               ("Thường trực Hội đồng nhân dân tỉnh Sơn Hà", "Thường trực HĐND tỉnh",
                "chỉ đạo các cơ quan liên quan xem xét, giải quyết"),
               ("Ban Văn hóa – Xã hội, Hội đồng nhân dân tỉnh Sơn Hà", "Ban",
                "tổng hợp những ý kiến này khi thẩm tra dự thảo Nghị quyết"))
_HOSPITALS = ("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế khu vực", "bệnh viện tỉnh")
_FAMILY = {"Kinh": ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"),
           "Tày": ("Hoàng", "Nông", "Lương", "Ma", "Hà"), "Thái": ("Lò", "Lường", "Cầm", "Quàng", "Tòng"),
           "Mường": ("Bùi", "Đinh", "Quách", "Hà"), "Mông": ("Giàng", "Sùng", "Thào", "Vàng", "Lý"),
           "Dao": ("Triệu", "Bàn", "Đặng", "Lý")}
_GIVEN_M = {"Kinh": ("Văn Hùng", "Văn Thắng", "Đức Minh", "Văn Lợi", "Quang Trung"),
            "Tày": ("Văn Thào", "Văn Lực", "Đình Cường"), "Thái": ("Văn Páo", "Văn Panh", "Văn Chiến"),
            "Mường": ("Văn Khiêm", "Văn Mừng"), "Mông": ("Seo Chứ", "A Sùng", "Mí Sình", "Chẩn Phừ"),
            "Dao": ("Văn Chòi", "Phù Sinh", "Tòn Lìn")}
_GIVEN_F = {"Kinh": ("Thị Lan", "Thị Hoa", "Thị Thu", "Thị Hằng", "Thị Nga"),
            "Tày": ("Thị Mai", "Thị Dung"), "Thái": ("Thị Phương", "Thị Xuân"),
            "Mường": ("Thị Nhung", "Thị Chiên"), "Mông": ("Thị Dợ", "Thị Mỷ", "Thị Sua"),
            "Dao": ("Thị Mẩy", "Thị Nhất")}
# The writer's household, one per kind of household ("poor", "near", "other"): the first that fits.
_HOUSEHOLDS = ("poor", "near", "other")
_HOUSEHOLD_SENTENCE = ("@poor Gia đình tôi là hộ nghèo, có {k} nhân khẩu.",
                       "@near Gia đình tôi thuộc diện hộ cận nghèo, có {k} nhân khẩu.",
                       "@other,rural Gia đình tôi làm nông, có {k} nhân khẩu, đời sống còn nhiều khó khăn.",
                       "@other,island Gia đình tôi làm nghề đánh bắt cá ven bờ, có {k} nhân khẩu, thu nhập bấp bênh.",
                       "@other,town Gia đình tôi buôn bán nhỏ, có {k} nhân khẩu, thu nhập bấp bênh.")
_OPENINGS = ("Tôi viết thư này để trình bày một số khó khăn của gia đình và bà con trong {hamlet} khi đi khám chữa bệnh, kính mong {to} xem xét.",
             "Được biết tỉnh đang lấy ý kiến nhân dân về chính sách hỗ trợ khám chữa bệnh cho người nghèo, tôi xin gửi một số ý kiến như sau.",
             "Nay tôi làm thư này kính trình bày với các đồng chí một số việc về khám chữa bệnh ở địa phương.")
_CLOSINGS = ("Tôi xin chân thành cảm ơn.", "Kính mong {to} quan tâm, {action}. Tôi xin cảm ơn.",
             "Rất mong nhận được phản hồi của {to}. Xin trân trọng cảm ơn.")


def _person(rng, commune: Commune) -> tuple[str, str, str]:
    eth = ETHNICITIES[_categorical(rng, np.array([[commune.ethnic.get(e, 0) for e in ETHNICITIES]]))[0]]
    female = rng.random() < 0.5
    given = (_GIVEN_F if female else _GIVEN_M)[eth]
    family = _FAMILY[eth]
    return f"{family[rng.integers(len(family))]} {given[rng.integers(len(given))]}", eth, \
        "Nữ" if female else "Nam"


def place_tags(commune: Commune) -> set[str]:
    """What a place lets people write about travel: its terrain ("town", "lowland", "midland",
    "mountain", "island"), "rural" for a commune on the mainland, "hills" for midland and
    mountain ones, "mainland" for all but the special zone."""
    tags = {commune.terrain}
    if commune.terrain != "island":
        tags.add("mainland")
    if commune.terrain in ("lowland", "midland", "mountain"):
        tags.add("rural")
    if commune.terrain in ("midland", "mountain"):
        tags.add("hills")
    return tags


def fits(tagged: str, tags: set[str]) -> tuple[bool, str]:
    """Whether a "@a,b|c text" sentence fits someone described by ``tags`` (every part before
    a comma must hold, one alternative of each part is enough), and the text without its tag.

    >>> fits("@old,man|woman Tôi đã già.", {"old", "woman"}), fits("Không có thẻ.", set())[0]
    ((True, 'Tôi đã già.'), True)
    """
    if not tagged.startswith("@"):
        return True, tagged
    tag, _, text = tagged.partition(" ")
    return all(set(part.split("|")) & tags for part in tag[1:].split(",")), text


def fitting(options: tuple[str, ...], commune: Commune, age: int | None = None,
            gender: str | None = None, ethnicity: str | None = None,
            household: str | None = None) -> list[str]:
    """The sentences a writer can write, tags dropped: "@old" ones (about one's own old age or
    a spouse's) from 60, "@young" ones (about one's parents) below, none of either when the
    age is unknown; "@man" / "@woman" by gender; "@kinh" / "@minority" by ethnicity, and
    "@language" for the groups whose elders often speak little Vietnamese; "@poor", "@near",
    "@other" by household; travel as ``place_tags`` allows."""
    tags = place_tags(commune)
    if age is not None:
        tags.add("old" if age >= 60 else "young")
    if gender:
        tags.add("woman" if gender == "Nữ" else "man")
    if ethnicity:
        tags.add("kinh" if ethnicity == "Kinh" else "minority")
        if ethnicity in _LANGUAGE_GROUPS:
            tags.add("language")
    if household:
        tags.add(household)
    return [text for ok, text in (fits(o, tags) for o in options) if ok]


def _pick(rng, options: list[str]) -> str:
    """One of ``options``, using one draw even when there is one option (numpy draws nothing
    for a range of one): who wrote what, where and when stays the same when sentences that fit
    someone are added or removed."""
    return options[int(rng.integers(max(len(options), 2))) % len(options)]


def _fill(text: str, rng, commune: Commune, hamlet: str, **more) -> str:
    return text.format(tram=f"trạm y tế {commune.kind} {commune.short}", kind=commune.kind,
                       bv=_HOSPITALS[rng.integers(len(_HOSPITALS))], hamlet=hamlet,
                       km=int(rng.integers(6, 25)), **more)


def _first_upper_fill(text: str, rng, commune, hamlet) -> str:
    return _first_upper(_fill(text, rng, commune, hamlet))


def _ask(theme: str, commune: Commune) -> str:
    return fitting(_ASK[theme], commune)[0].format(kind=commune.kind)


def _theme_probs(commune: Commune) -> np.ndarray:
    r = commune.remote
    p = np.array([1.0 + 2 * r, 1.6, 1.2, 0.3 + 2.5 * r, 0.1 + 1.6 * r * (commune.ethnic.get("Kinh", 0) < .5),
                  0.9, 0.7, 0.6 + r, 0.5 + 1.2 * r, 0.8 + r, 1.4 - r, 1.0])
    return p / p.sum()


def letters(n: int | None = None, seed: int = SEED, letters_scale: float = 1.0,
            rng=None) -> pd.DataFrame:
    """Citizens' letters in memory: id, commune, date, file, themes, encoding and text.

    >>> lt = letters(20, seed=1)
    >>> set(lt.columns) >= {"ma_thu", "xa_phuong", "chu_de", "noi_dung"}, len(lt)
    (True, 20)
    """
    rng = rng if rng is not None else np.random.default_rng(seed)
    n = n if n is not None else max(int(round(LETTERS_BASE * letters_scale)), 1)
    # written once the plan calls for letters, received (2–9 days later) before its deadline
    window = story().letters
    latest_sent = (window.end - window.start).days - 8
    weights = np.array([math.sqrt(c.population) * (1 + c.remote) for c in COMMUNES])
    which = rng.choice(len(COMMUNES), n, p=weights / weights.sum())
    rows = []
    for i in range(n):
        commune = COMMUNES[which[i]]
        hamlet = commune.hamlets[rng.integers(len(commune.hamlets))]
        k = 1 + int(rng.random() < 0.55) + int(rng.random() < 0.2)
        themes = sorted(rng.choice(len(THEMES), k, replace=False, p=_theme_probs(commune)))
        name, eth, gender = _person(rng, commune)
        age = int(rng.integers(24, 82))
        recipient, to, action = _RECIPIENTS[rng.integers(len(_RECIPIENTS))]
        sent = window.start + timedelta(int(rng.integers(0, latest_sent)))
        household = _HOUSEHOLDS[rng.integers(len(_HOUSEHOLDS))]
        about = {"age": age, "gender": gender, "ethnicity": eth, "household": household}
        paragraphs = [
            f"Kính gửi: {recipient}",
            f"Tôi tên là {name}, {age} tuổi, dân tộc {eth}, trú tại {hamlet}, {commune.address}, {PROVINCE}. "
            + fitting(_HOUSEHOLD_SENTENCE, commune, **about)[0].format(k=int(rng.integers(2, 9))),
            _fill(_OPENINGS[rng.integers(len(_OPENINGS))], rng, commune, hamlet, to=to),
        ]
        for t in themes:
            options = fitting(_LETTER[THEMES[t]], commune, **about)
            paragraphs.append(_first_upper_fill(_pick(rng, options), rng, commune, hamlet))
        asks = [_ask(THEMES[t], commune) for t in themes]
        paragraphs.append("Vì vậy, tôi kính đề nghị các cơ quan có thẩm quyền " + "; ".join(asks) + ".")
        paragraphs.append(_CLOSINGS[rng.integers(len(_CLOSINGS))].format(to=to, action=action))
        paragraphs.append(f"{commune.short}, ngày {sent.day} tháng {sent.month} năm {sent.year}\n"
                          f"Người viết thư\n{name}")
        text = "\n\n".join(paragraphs) + "\n"
        rows.append({"ma_thu": f"TCD-{i + 1:04d}", "xa_phuong": commune.name,
                     "ngay_nhan": (sent + timedelta(int(rng.integers(2, 10)))).isoformat(),
                     "tep": f"{dataset.LETTERS_FOLDER}/TCD-{i + 1:04d}.txt",
                     "chu_de": ";".join(THEMES[t] for t in themes),
                     "ma_hoa": "utf-8",
                     "noi_dung": text})
    return pd.DataFrame(rows)


# --- interviews ------------------------------------------------------------------

_ROLES = (("Trưởng bản", "Người có uy tín"), ("Y sĩ trạm y tế", "Cán bộ y tế"),
          ("Người dân hộ nghèo", "Người dân"), ("Người dân hộ cận nghèo", "Người dân"),
          ("Chi hội trưởng Hội Phụ nữ", "Tổ chức đoàn thể"),
          ("Công chức văn hóa – xã hội", "Cán bộ xã"), ("Nhân viên y tế thôn bản", "Cán bộ y tế"))
_INTERVIEWERS = ("Nguyễn Thu Trang", "Lê Minh Đức", "Phạm Hồng Nhung")
_HAMLET_HEADS = {"bản": "Trưởng bản", "thôn": "Trưởng thôn", "khu": "Trưởng khu phố",
                 "tổ": "Tổ trưởng tổ dân phố"}


def _role(role: str, hamlet: str, gender: str) -> str:
    """The role as it is called where the person lives: the head of a thôn, bản, khu phố or
    tổ dân phố; a village health worker only where there are villages; a man leads another
    association than the Women's Union."""
    word = hamlet.split(" ", 1)[0]
    if role == "Trưởng bản":
        return _HAMLET_HEADS[word]
    if role == "Nhân viên y tế thôn bản" and word not in ("thôn", "bản"):
        return "Điều dưỡng trạm y tế"
    if role == "Chi hội trưởng Hội Phụ nữ" and gender == "Nam":
        return "Chi hội trưởng Hội Cựu chiến binh"
    return role


def interviews(rng, n: int = 24) -> pd.DataFrame:
    rows = []
    for i in range(n):
        commune = COMMUNES[(i * 3 + int(rng.integers(0, 3))) % len(COMMUNES)]
        hamlet = commune.hamlets[rng.integers(len(commune.hamlets))]
        role, group = _ROLES[rng.integers(len(_ROLES))]
        name, eth, gender = _person(rng, commune)
        role = _role(role, hamlet, gender)
        household = {"Người dân hộ nghèo": "poor", "Người dân hộ cận nghèo": "near"}.get(role)
        themes = sorted(rng.choice(len(THEMES), 2, replace=False, p=_theme_probs(commune)))
        title = "Ông" if gender == "Nam" else "Bà"
        notes = [f"{title} {name} ({role.lower()}, dân tộc {eth}, {hamlet}, {commune.address}) cho biết như sau."]
        for t in themes:  # what they said, in their words; no age is asked in an interview
            options = fitting(_LETTER[THEMES[t]], commune, gender=gender, ethnicity=eth, household=household)
            notes.append(_first_upper_fill(_pick(rng, options), rng, commune, hamlet))
        notes.append(f"Theo {title.lower()}, việc cần làm trước hết là {_ask(THEMES[themes[0]], commune)}.")
        rows.append({"ma_phong_van": f"PV-{i + 1:02d}",  # during the fieldwork, from the survey's start
                     "ngay": (story().survey.start + timedelta(int(rng.integers(0, 30)))).isoformat(),
                     "xa_phuong": commune.name, "nguoi_duoc_phong_van": name, "vai_tro": role,
                     "nhom": group, "nguoi_phong_van": _INTERVIEWERS[i % 3],
                     "ghi_chep": " ".join(notes), "chu_de": ";".join(THEMES[t] for t in themes)})
    return pd.DataFrame(rows)


# --- conferences --------------------------------------------------------------------

# What people say, by topic and stance; tagged ones only where the speaker lives fits (``fitting``).
_UNITS = {
    ("Đối tượng hỗ trợ", "đồng tình"): (
        "tôi nhất trí với dự thảo khi đưa cả hộ cận nghèo vào diện được hỗ trợ",
        "việc mở rộng đối tượng sang người dân tộc thiểu số ở xã đặc biệt khó khăn là rất đúng"),
    ("Đối tượng hỗ trợ", "không đồng tình"): (
        "tôi chưa đồng ý việc chỉ hỗ trợ người có tên trong danh sách hộ nghèo, vì nhiều hộ vừa thoát nghèo vẫn rất khó khăn",
        "quy định phải điều trị nội trú mới được hỗ trợ là chưa hợp lý, người chữa bệnh ngoại trú lâu dài cũng tốn kém"),
    ("Đối tượng hỗ trợ", "đề xuất"): (
        "đề nghị bổ sung người mắc bệnh hiểm nghèo thuộc hộ có mức sống trung bình",
        "đề nghị hỗ trợ cả một người nhà đi chăm người bệnh"),
    ("Mức hỗ trợ tiền đi lại", "đồng tình"): (
        "mức hỗ trợ tiền đi lại theo số ki-lô-mét như dự thảo là công bằng",
        "tôi đồng ý hỗ trợ tiền đi lại cả chiều đi và chiều về"),
    ("Mức hỗ trợ tiền đi lại", "không đồng tình"): (
        "@hills mức hỗ trợ đi lại trong dự thảo quá thấp, không đủ tiền thuê xe từ bản ra trung tâm",
        "@hills tính tiền đi lại theo giá vé xe khách là không sát, vì bản chúng tôi không có xe khách, phải đi xe ôm",
        "@island tính tiền đi lại theo giá vé xe khách là không sát, vì người ở đặc khu phải đi tàu ra đất liền rồi mới đi xe",
        "@town|lowland mức hỗ trợ đi lại trong dự thảo còn thấp so với giá thuê xe thực tế khi phải chở người ốm nặng"),
    ("Mức hỗ trợ tiền đi lại", "đề xuất"): (
        "đề nghị nâng mức hỗ trợ đi lại cho các xã vùng cao, vùng đặc biệt khó khăn",
        "đề nghị hỗ trợ theo giá thuê xe thực tế ở từng xã"),
    ("Hỗ trợ tiền ăn", "đồng tình"): (
        "tôi nhất trí mức hỗ trợ tiền ăn mỗi ngày nằm viện như dự thảo",
        "hỗ trợ tiền ăn là rất thiết thực với người nghèo đi điều trị dài ngày"),
    ("Hỗ trợ tiền ăn", "không đồng tình"): (
        "mức tiền ăn trong dự thảo không đủ một bữa cơm ở căng tin bệnh viện",
        "tôi không đồng ý giới hạn hỗ trợ tiền ăn tối đa mười lăm ngày"),
    ("Hỗ trợ tiền ăn", "đề xuất"): (
        "đề nghị hỗ trợ tiền ăn cho cả người nhà đi chăm bệnh nhân",
        "đề nghị phối hợp với các nhà hảo tâm tổ chức bếp ăn miễn phí ở bệnh viện tỉnh"),
    ("Thủ tục thanh toán", "đồng tình"): (
        "quy định thanh toán ngay tại bệnh viện khi ra viện là thuận tiện cho dân",
        "tôi đồng ý giao cho xã lập danh sách để người dân không phải tự làm hồ sơ"),
    ("Thủ tục thanh toán", "không đồng tình"): (
        "yêu cầu bản sao có chứng thực giấy tờ là làm khó người dân ở xa",
        "tôi không đồng ý việc thời hạn nộp hồ sơ chỉ có ba mươi ngày sau khi ra viện"),
    ("Thủ tục thanh toán", "đề xuất"): (
        "đề nghị dùng dữ liệu dân cư để người dân không phải nộp giấy tờ",
        "@hills đề nghị cán bộ xã đến tận bản hướng dẫn làm hồ sơ"),
    ("Thuốc tại trạm y tế", "đồng tình"): (
        "tôi đồng ý bổ sung thuốc điều trị bệnh mãn tính về trạm y tế",
        "việc cấp thuốc huyết áp tại trạm là rất cần, tôi nhất trí"),
    ("Thuốc tại trạm y tế", "không đồng tình"): (
        "dự thảo chưa nói rõ nguồn tiền mua thuốc cho trạm, tôi e rằng khó thực hiện",
        "tôi không đồng ý để người bệnh tự mua thuốc rồi mới thanh toán lại"),
    ("Thuốc tại trạm y tế", "đề xuất"): (
        "đề nghị có tủ thuốc ở các bản xa do nhân viên y tế thôn bản quản lý",
        "đề nghị tỉnh bảo đảm đủ cơ số thuốc thiết yếu cho trạm y tế"),
}
# How a speaker opens each point: the first, then the next ones.
_UNIT_LEADS = (("Về {topic}, ", "Thứ nhất, về {topic}, "),
               ("Thứ {ordinal}, về {topic}, ", "Còn về {topic} thì ", "Về {topic}, "))
_ORDINALS = ("nhất", "hai", "ba")


@dataclass(frozen=True)
class Conference:
    number: int
    title: str
    place: str
    day: date
    start: str
    chair: str
    secretary: str
    groups: dict           # group → (number of participants, share of speakers)
    turns: int


def _held(number: int) -> tuple[str, date]:
    """Where and when the storyline holds conference ``number``."""
    held = next(c for c in story().conferences if c.number == number)
    return held.place, held.day


CONFERENCES = (
    Conference(1, "Hội nghị tham vấn cử tri về dự thảo Nghị quyết quy định chính sách hỗ trợ "
               "khám chữa bệnh cho người nghèo trên địa bàn tỉnh Sơn Hà", *_held(1), "08:00",
               "Đại biểu Hoàng Văn Định, Phó Trưởng đoàn ĐBQH tỉnh", "Bùi Thị Hạnh, chuyên viên",
               {"Người dân": (38, .45), "Người có uy tín": (9, .2), "Cán bộ y tế": (6, .15),
                "Tổ chức đoàn thể": (7, .2)}, 26),
    Conference(2, "Hội nghị tham vấn các cơ quan, tổ chức về dự thảo Nghị quyết quy định chính "
               "sách hỗ trợ khám chữa bệnh cho người nghèo trên địa bàn tỉnh Sơn Hà", *_held(2), "14:00", "Đồng chí Nguyễn Thị Thanh, Trưởng Ban Văn hóa – Xã hội HĐND tỉnh",
               "Trần Văn Nam, chuyên viên",
               {"Cán bộ y tế": (14, .35), "Cơ quan bảo hiểm xã hội": (4, .15),
                "Tổ chức đoàn thể": (12, .3), "Người có uy tín": (6, .2)}, 22),
)


# How people open and close what they say at a conference: by group, some not at all.
_SPEAKER_OPENINGS = {
    "Người dân": ("Thưa hội nghị, tôi là {name}, ở {place}. ", "Tôi xin nói mấy ý. ", "",
                  "Cảm ơn chủ trì đã cho tôi nói. ", "Tôi tên là {name}. "),
    "Cán bộ y tế": ("Xin cảm ơn chủ trì. Tôi là {name}, làm ở ngành y tế. ",
                    "Thưa chủ trì, thưa các đại biểu, từ thực tế nơi tôi làm việc, tôi xin góp mấy ý. ",
                    "Tôi xin bổ sung từ phía y tế cơ sở. "),
    "": ("Xin cảm ơn chủ trì. Tôi là {name}, {group}. ", "Thưa chủ trì, thưa các đại biểu. ",
         "Tôi xin góp ý ngắn. ", "", "Tôi là {name}. "),
}
_SPEAKER_CLOSINGS = ("Tôi xin hết ý kiến.", "Xin cảm ơn.", "", "Tôi nói vậy thôi ạ.",
                     "Mong hội nghị xem xét.", "")


def _conference(rng, conf: Conference) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    groups = list(conf.groups)
    share = np.array([conf.groups[g][1] for g in groups])
    transcript, units = [], []
    say = lambda speaker, group, text: transcript.append(
        {"luot": len(transcript) + 1, "nguoi_noi": speaker, "nhom": group, "noi_dung": text})
    say(conf.chair, "Chủ trì",
        f"Kính thưa các vị đại biểu, thưa bà con. Hôm nay chúng ta tổ chức {conf.title[0].lower() + conf.title[1:]}. "
        "Đề nghị các đại biểu tập trung góp ý vào năm nội dung: đối tượng hỗ trợ, mức hỗ trợ tiền đi lại, "
        "hỗ trợ tiền ăn, thủ tục thanh toán và thuốc tại trạm y tế. Mỗi ý kiến xin nói ngắn gọn.")
    speakers: dict[str, str] = {}
    topic_p = np.array([1.2, 1.5, 1.0, 1.1, 1.0])
    # how each speaker opens and closes: a generator of its own, so the opinions stay as drawn
    style = np.random.default_rng([SEED, conf.number])
    for _turn in range(conf.turns):
        group = groups[_categorical(rng, share[None, :])[0]]
        commune = COMMUNES[6] if conf.number == 1 else COMMUNES[int(rng.integers(0, len(COMMUNES)))]
        name, _, gender = _person(rng, commune)
        title = "Ông" if gender == "Nam" else "Bà"
        speaker = f"{title} {name}"
        group = speakers.setdefault(speaker, group)  # one who speaks again is still of their group
        k = 1 + int(rng.random() < 0.45) + int(rng.random() < 0.15)
        topics = rng.choice(len(TOPICS), k, replace=False, p=topic_p / topic_p.sum())
        openings = _SPEAKER_OPENINGS[group if group in _SPEAKER_OPENINGS else ""]
        intro = openings[style.integers(len(openings))].format(name=name, group=group.lower(),
                                                              place=commune.address)
        parts = [intro]
        for j, t in enumerate(topics):
            group_bias = {"Người dân": (.2, .4, .4), "Cán bộ y tế": (.4, .3, .3),
                          "Cơ quan bảo hiểm xã hội": (.5, .3, .2)}.get(group, (.3, .3, .4))
            stance = STANCES[_categorical(rng, np.array([group_bias]))[0]]
            options = fitting(_UNITS[(TOPICS[t], stance)], commune)
            body = _pick(rng, options)
            leads = _UNIT_LEADS[min(j, 1)] if k > 1 else _UNIT_LEADS[0][:1]
            lead = leads[rng.integers(len(leads))].format(topic=TOPICS[t].lower(),
                                                          ordinal=_ORDINALS[j])
            unit_text = _first_upper(lead + body + ".")
            parts.append(unit_text + " ")
            units.append({"hoi_nghi": conf.number, "luot": len(transcript) + 1,
                          "nguoi_noi": speaker, "nhom": group, "chu_de": TOPICS[t],
                          "lap_truong": stance, "noi_dung": unit_text})
        parts.append(_SPEAKER_CLOSINGS[style.integers(len(_SPEAKER_CLOSINGS))])
        say(speaker, group, "".join(parts).strip())
        if rng.random() < 0.3:
            say(conf.chair, "Chủ trì", "Xin cảm ơn ý kiến của " + title.lower() + ". Mời đại biểu tiếp theo.")
    say(conf.chair, "Chủ trì", f"Hội nghị đã nghe {len(speakers)} lượt đại biểu phát biểu với "
        f"{len(units)} ý kiến. Văn phòng sẽ tổng hợp đầy đủ, báo cáo cơ quan soạn thảo tiếp thu, "
        "giải trình. Xin cảm ơn các vị đại biểu.")
    tr = pd.DataFrame(transcript)
    un = pd.DataFrame(units)
    un.insert(0, "ma_y_kien", [f"HN{conf.number}-{i + 1:03d}" for i in range(len(un))])
    minutes_end = (pd.Timestamp(f"{conf.day} {conf.start}") + pd.Timedelta(minutes=40 + 6 * len(tr)))
    counts = []
    for (topic, group), part in un.groupby(["chu_de", "nhom"], sort=False):
        c = part["lap_truong"].value_counts()
        counts.append({"chu_de": topic, "nhom": group,
                       **{s: int(c.get(s, 0)) for s in STANCES}, "tong": len(part)})
    counts.sort(key=lambda r: (TOPICS.index(r["chu_de"]), r["nhom"]))
    minutes = {
        "hoi_nghi": conf.number,
        "ten": conf.title,
        "dia_diem": conf.place,
        "thoi_gian": {"ngay": conf.day.isoformat(), "bat_dau": conf.start,
                      "ket_thuc": minutes_end.strftime("%H:%M")},
        "chu_tri": conf.chair,
        "thu_ky": conf.secretary,
        "thanh_phan": {"tong_so": sum(v[0] for v in conf.groups.values()),
                       "theo_nhom": {g: v[0] for g, v in conf.groups.items()}},
        "so_luot_phat_bieu": len(speakers),
        "so_y_kien": len(un),
        "y_kien_theo_chu_de_va_nhom": counts,
    }
    return tr, un, minutes


# --- writing ----------------------------------------------------------------------

def _csv(df: pd.DataFrame, path: Path) -> None:
    path.write_text(df.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def _legacy_choice(rng, texts: pd.Series, share: float = 0.1) -> list[str]:
    """Which letters to write in TCVN3: ``share`` of them, chosen at random."""
    chosen = set(int(i) for i in rng.permutation(len(texts))[: int(round(share * len(texts)))])
    return ["tcvn3" if i in chosen else "utf-8" for i in range(len(texts))]


def generate(out_dir, scale: float = 1.0, seed: int = SEED,
             letters_scale: float = 1.0) -> dict[str, int]:
    """Write the whole dataset into ``out_dir``; return the number of rows of each file.

    Each part draws from its own child generator, so making the questionnaire bigger
    does not change the letters.
    """
    out = Path(out_dir)
    (out / dataset.LETTERS_FOLDER).mkdir(parents=True, exist_ok=True)
    (out / dataset.CONFERENCES_FOLDER).mkdir(parents=True, exist_ok=True)
    q_rng, l_rng, i_rng, c_rng = np.random.default_rng(seed).spawn(4)
    counts = {}
    q = questionnaire(scale, rng=q_rng)
    _csv(q, out / dataset.QUESTIONNAIRE_FILE)
    counts[dataset.QUESTIONNAIRE_FILE] = len(q)
    lt = letters(letters_scale=letters_scale, rng=l_rng)
    lt["ma_hoa"] = _legacy_choice(l_rng, lt["noi_dung"])
    for row in lt.itertuples():
        data = (to_legacy(row.noi_dung, "tcvn3").encode("cp1252") if row.ma_hoa == "tcvn3"
                else row.noi_dung.encode("utf-8"))
        (out / row.tep).write_bytes(data)
    _csv(lt.drop(columns="noi_dung"), out / dataset.LETTERS_FILE)
    counts[dataset.LETTERS_FILE] = len(lt)
    iv = interviews(i_rng)
    _csv(iv, out / dataset.INTERVIEWS_FILE)
    counts[dataset.INTERVIEWS_FILE] = len(iv)
    for conf in CONFERENCES:
        tr, un, minutes = _conference(c_rng, conf)
        _csv(tr, dataset.transcript_path(conf.number, out))
        _csv(un, dataset.units_path(conf.number, out))
        dataset.minutes_path(conf.number, out).write_text(
            json.dumps(minutes, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        counts[dataset.units_path(conf.number, out).relative_to(out).as_posix()] = len(un)
    _csv(populations(scale), out / dataset.POPULATIONS_FILE)
    counts[dataset.POPULATIONS_FILE] = len(COMMUNES)
    (out / dataset.DICTIONARY_FILE).write_bytes(DICTIONARY_SOURCE.read_bytes())
    return counts


def populations(scale: float = 1.0) -> pd.DataFrame:
    """``dan-so-xa.csv``: one row per commune.

    Above scale 1 every count is multiplied by ⌈scale⌉, so that a sample 100 times
    larger still comes from communes larger than it (a bigger, imaginary province).

    >>> populations()["dan_so_tu_18"].sum(), populations(100)["dan_so_tu_18"].sum()
    (np.int64(129700), np.int64(12970000))
    """
    m = max(1, math.ceil(scale))
    return pd.DataFrame([{"ma_xa": c.code, "xa_phuong": c.name, "loai": c.kind,
                          "dan_so": c.population * m, "dan_so_tu_18": c.adults * m,
                          "so_ho": c.households * m, "so_ho_ngheo": c.poor * m,
                          "so_ho_can_ngheo": c.near_poor * m} for c in COMMUNES])


DICTIONARY_SOURCE = PACKAGE_CONTENT / "analysis" / "data_dictionary.md"

"""Domain concepts: the many ways users name the same thing, mapped to one concept token.

Matching on words alone misses "mất bao lâu" against "thời hạn", or "nộp ở đâu" against "gửi
cho cơ quan nào". Each phrase below (folded, see normalize.py) adds its concept token to a
text, on the index side and the query side alike; the words themselves stay, so a concept
only ever adds evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.faq.normalize import unify_y

CONCEPTS: dict[str, tuple[str, ...]] = {
    "duration": ("bao lau", "mat bao lau", "thoi gian", "thoi han", "may ngay",
                 "bao nhieu ngay", "may thang", "bao nhieu thang", "ngay lam viec", "han",
                 "may nam", "bao nhieu nam"),
    "when": ("khi nao", "luc nao", "bao gio", "thoi diem", "ngay nao", "nam nao", "thang nao",
             "hom nao", "nam bao nhieu", "tu nam nao", "tu bao gio", "tu khi nao", "hoi nao",
             "tu hoi nao"),
    "where": ("o dau", "noi nao", "cho nao", "gui cho ai", "nop cho ai"),
    "who": ("ai", "co quan nao", "don vi nao", "nguoi nao", "cap nao", "ben nao"),
    "how": ("nhu the nao", "the nao", "ra sao", "cach nao", "lam sao", "cach"),
    "count": ("bao nhieu", "may cai", "so luong"),
    "share": ("phan tram", "ti le", "chiem"),
    "benefit": ("loi ich", "quyen loi", "duoc gi", "loi gi", "co loi", "tac dung", "y nghia"),
    "submit": ("nop", "gui", "nap", "dang ki"),
    "dossier": ("ho so", "giay to", "tai lieu", "minh chung", "thanh phan ho so"),
    "recognise": ("cong nhan", "cap giay", "chung nhan", "giay chung nhan", "cap chung nhan",
                  "xet duyet", "duyet"),
    "revoke": ("thu hoi", "tuoc", "rut", "huy", "mat danh hieu", "bi mat"),
    "renew": ("danh gia lai", "cong nhan lai", "phan hang lai", "gia han", "het han",
              "tai danh gia", "het hieu luc", "36 thang", "3 nam"),
    "upgrade": ("nang hang", "nang sao", "len sao", "len hang", "tang sao", "nang cap"),
    "validity": ("hieu luc", "gia tri", "con han", "het han", "thoi han"),
    # A centrally-run city ("thành phố", "TP") is a province; a ward ("phường") a commune.
    "province": ("tinh", "cap tinh", "uy ban nhan dan tinh", "so nong nghiep", "thanh pho",
                 "cap thanh pho", "uy ban nhan dan thanh pho"),
    "commune": ("xa", "phuong", "cap xa", "dac khu", "uy ban nhan dan xa"),
    "central": ("trung uong", "bo nong nghiep", "bo nong nghiep va moi truong",
                "quoc gia", "cap bo"),
    "mark": ("logo", "bieu trung", "tem ocop", "nhan hieu ocop", "dau ocop", "in ocop",
             "dan tem", "in logo", "in nhan"),
    "support": ("ho tro", "giup", "tai tro", "kinh phi", "von", "vay von"),
    "score": ("diem", "cham", "so diem", "tong diem", "cham diem"),
    "star": ("sao", "hang sao", "xep hang", "phan hang"),
    "criteria": ("tieu chi", "bo tieu chi", "phieu", "phieu danh gia", "phieu tieu chi"),
    "sample": ("san pham mau", "mau san pham", "gui mau", "nop mau"),
    "form": ("mau 01", "mau 02", "mau 03", "mau so", "bieu mau", "mau phieu"),
    "participant": ("chu the", "hop tac xa", "doanh nghiep", "ho kinh doanh", "to hop tac",
                    "trang trai", "ho gia dinh", "ca nhan", "co so"),
    "reject": ("bi loai", "khong dat", "truot", "tu choi", "khong duoc"),
    "council": ("hoi dong", "to tu van", "thanh vien hoi dong"),
    "law": ("quyet dinh", "van ban", "nghi dinh", "thong tu", "quy dinh", "phap ly",
            "can cu"),
    "fair": ("hoi cho", "trien lam", "xuc tien", "quang ba", "tieu thu", "ban hang",
             "thi truong"),
    "tourism": ("du lich", "homestay", "du lich cong dong", "du lich sinh thai", "diem du lich"),
    "food_safety": ("an toan thuc pham", "ve sinh an toan thuc pham", "du dieu kien",
                    "an toan ve sinh thuc pham", "ve sinh thuc pham"),
    "training": ("tap huan", "dao tao", "lop hoc", "khoa hoc", "boi duong"),
    "nation": ("ca nuoc", "toan quoc", "viet nam", "toan nuoc", "trong nuoc"),
    "fraud": ("gia mao", "gian lan", "gian doi", "khai gian", "lam gia", "khong trung thuc",
              "khai man"),
    "misuse": ("sai quy dinh", "khong dung quy dinh", "tu y", "trai phep", "lam dung",
               "vi pham"),
    "define": ("dinh nghia", "khai niem", "the nao la", "dac diem", "goi la", "coi la",
               "hieu la"),
    "notify": ("thong bao", "bao cho", "bao ket qua", "nhan ket qua", "biet ket qua",
               "cong bo ket qua"),
    "penalty": ("hau qua", "bi phat", "xu phat", "bi xu ly", "xu ly the nao", "che tai"),
    "origin": ("hoc theo", "xuat phat tu", "bat nguon", "hoc tap tu", "hoc hoi tu", "mo hinh cua"),
    "receive": ("tiep nhan", "nhan ho so", "thu nhan", "nhan hs"),
    "steps": ("buoc nao", "khau nao", "cong doan", "cac buoc", "trinh tu", "nhung buoc"),
    "least": ("it nhat", "toi thieu", "thap nhat", "it nhat la", "toi thieu la"),
    "convert": ("quy doi", "doi ra", "tuong ung", "tinh ra"),
    # Where bought raw materials come from: "lấy hồi khô bên TQ về đóng gói" is made from
    # imported ingredients.
    "foreign": ("nhap khau", "ngoai nhap", "hang nhap", "nhap ve", "ben tq", "ben trung quoc",
                "tu trung quoc", "tu tq", "ben kia bien gioi", "nhap tu", "import"),
    # Foreign matter in a sample, however it is named: "lẫn con kiến", "dính sợi tóc".
    "impurity": ("tap chat", "di vat", "vat la", "con kien", "con mot", "con trung", "con ruoi",
                 "xac con trung", "soi toc", "si toc", "long toc", "dinh cat",
                 "lan cat", "lan soi", "ruoi bo", "kien ruoi"),
    "online": ("online", "truc tuyen", "qua mang", "thuong mai dien tu", "tmdt", "mang xa hoi",
               "san tmdt", "dien tu", "facebook", "tiktok", "zalo", "website", "web",
               "shopee", "lazada", "tiki", "livestream", "ban online", "trang web"),
}
MAX_PHRASE = 6


def _phrase_table() -> dict[tuple[str, ...], list[str]]:
    # Spelled as texts are read once normalised ("quy định" is "qui dinh"), or never found.
    table: dict[tuple[str, ...], list[str]] = {}
    for concept, phrases in CONCEPTS.items():
        for phrase in phrases:
            words = tuple(unify_y(w) for w in phrase.split())
            table.setdefault(words, []).append(f"~{concept}")
    return table


PHRASES = _phrase_table()


def concepts(words: Sequence[str]) -> list[str]:
    """Concept tokens of the phrases in `words`, longest phrase first at each position."""
    return [c for found, _, _ in concept_spans(words) for c in found]


def concept_spans(words: Sequence[str]) -> list[tuple[list[str], int, int]]:
    """Each phrase of a concept in `words`: its concept tokens, start and end (longest phrase
    first at each position)."""
    found: list[tuple[list[str], int, int]] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            hit = PHRASES.get(tuple(words[i:i + size]))
            if hit is not None:
                found.append((hit, i, i + size))
                i += size
                break
        else:
            i += 1
    return found

"""Turn ranked hits into an answer, suggestions, small talk or an honest "I don't know".

The rule (issue 10): answer the top entry unless the question is out of scope or truly
ambiguous. Out of scope: the evidence that the best entry answers the question is too weak
(`evidence`: how much of its best text matches, how much of the question the entry explains,
how far ahead of the runner-up it is and its score, weighed by a logistic model fitted on the
development set), or it explains too little of the question (coverage). Ambiguous: the
runner-up is about as good and is not a sibling of the top entry; a sibling (an entry the top
one lists as related, such as the 3★ and 4★ bands) that is about as good holds the fact as
well, so the top one is answered and the sibling offered beside it. A question that names OCOP,
its stars or its ranking is in scope by its own words, so it needs less evidence (`named`). The
thresholds are tuned on the development sets (knowledge/faq/calibrate.py) and checked on the
next blind set. An entry that holds OCOP's side of a wider subject (`FaqEntry.asked_with_ocop`)
answers only a question set in the programme (`out_of_context`); the engine then declines an
answer that lacks the kind of fact asked, an amount, a span or a date (answer_types.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.faq.criteria_answers import product_sheets
from knowledge.faq.index import FaqIndex, SearchResult, place_names
from knowledge.faq.model import Answer, FaqEntry, NoAnswer, Suggestions, load_entries
from knowledge.faq.normalize import tokens, with_neighbours

MAX_SUGGESTIONS = 3
MAX_RELATED = 2
# How much better one entry's best text must explain a query to settle a near tie.
TEXT_LEAD = 0.2
THANKS_WORDS = frozenset(re.findall(r"\w+", "cam on thanks thank you tks cmon camon thx"))
# Greetings, thanks, goodbyes and chat words: a message made only of these is small talk.
SMALLTALK = frozenset(re.findall(
    r"\w+",
    "xin chao chao hello hi helo hey alo cam on thanks thank you tks thx cmon camon ok oke okay "
    "vang da tam biet bye chuc ngu ngon buoi sang toi trua chieu tot lanh nhe nha a ad admin ban "
    "bot oi em anh chi minh rat nhieu hihi haha hehe good morning evening afternoon there so "
    "much lot a lots nhe nha ha the u tro ly li vay z nghen hen ne",
))
# Words of a longer polite message ("ok e cảm ơn ad đã giải đáp nhé", "chúc ad ngày mới tốt
# lành", "xin chào trợ lý OCOP": the bot called by its name): small talk too when the message
# also greets, thanks or wishes.
POLITE = frozenset(re.findall(
    r"\w+",
    "e da giai dap tra loi ro roi hieu biet nhiet tinh ho tro giup do lam ngay moi vui ve suc "
    "khoe nhe nhe a ah oi much appreciated great nice day have your help for the with tan tinh "
    "vao nhom tham gia moi hay qua tuyet voi huu ich that helped helpful useful it was ua very "
    "really ocop"
))
SMALLTALK_CORE = THANKS_WORDS | frozenset(re.findall(
    r"\w+", "chao hello hi helo hey alo tam biet bye chuc appreciate appreciated"))
# Emoji a producer sends alone to say thank you ("🙏", "👍", "❤️", "🥰"); skin tones and the
# emoji variation selector do not change them.
THANKS_EMOJI = frozenset("🙏👍👌❤♥💕💖💗💞😘🥰😍🤗🤝🌹💐")


# Other programmes and procedures that share words with OCOP ("nông thôn mới" has an entry on
# its link to OCOP; "giấy ATTP" is part of an OCOP dossier): asked about without naming OCOP,
# they are out of scope, however well their words match.
OTHER_PROGRAMMES = tuple(tuple(p.split()) for p in (
    "nong thon moi", "giam ngheo", "khuyen nong", "khoi nghiep", "xin giay an toan thuc pham",
    "cap giay an toan thuc pham",
    "giay phep xay dung", "so do", "can cuoc", "ma so thue", "visa", "ho chieu",
    "chuyen doi so quoc gia", "vay von uu dai", "tin dung chinh sach", "xin giay phep",
    "chuong trinh 135", "thoi tiet", "troi mua", "troi nang", "co nang khong", "nhiet do",
    "troi lanh", "du bao thoi tiet", "ket hon", "khai sinh", "ho khau", "tam tru", "bang lai",
    "dang kiem", "thpt", "tuyen sinh", "nghi tet", "nghi le", "lich nghi", "chuyen nhuong dat",
    "mua ban dat", "dat nen", "so hong", "mua dien thoai", "sua dien thoai", "nang cap dien thoai",
    "dien thoai nao", "bong da", "xo so", "cach nau", "benh vien", "xe may", "o to",
    "dang ki xe", "bien so", "ngan hang chinh sach", "lam nha", "xay nha", "sua nha",
    "hoi nong dan", "dieu le", "cuc so huu tri tue", "dang ki chi dan dia li",
    "ho ngheo", "chuan ngheo", "chuong trinh muc tieu quoc gia",
    # no entry names "khuyến công" (support for rural industry, a programme of its own)
    "khuyen cong",
    # a translation asked for
    "dich sang", "dich giup", "dich ho", "dich cau",
    # a contract template (trends-linkage says linkage contracts count, gives none)
    "mau hop dong", "hop dong mau", "contract template", "sample contract",
))
# Round 9: topic families asked without naming OCOP that no entry holds (each checked against
# entries/*.yaml). Loans: the entries name credit access as OCOP support ("OCOP có hỗ trợ vay
# vốn không" names OCOP), never how to borrow. Barcodes: a dossier may show one
# (registration-evidence-market-quality), but none says how to get one. Export and import
# paperwork, farming advice, shipping, social insurance, recipes, where things are cheap, when
# and where a fair is held: no entry says any of it. A question about points or criteria is
# OCOP's whatever it names (`asks_scoring`).
OTHER_FAMILIES = tuple(tokens(p) for p in (
    # loans ("vậy" folds to "vay": only phrases a particle does not make)
    "vay von", "vay ngan hang", "khoan vay", "vay tien", "loan", "borrow",
    # getting a barcode ("còn mã vạch thì sao" asks about the dossier's evidence)
    "lam ma vach", "dang ky ma vach", "xin ma vach", "cap ma vach", "ma vach o dau", "gs 1",
    "get a barcode",
    # customs (export paperwork: `_PAIRED_FAMILIES`)
    "hai quan", "customs",
    # farming advice
    "phan bon", "bon phan", "thuoc tru sau", "phun thuoc", "nang suat cao", "cach trong",
    "trong cay", "ky thuat trong", "ky thuat nuoi", "fertilizer", "pesticide",
    # shipping
    "van chuyen", "giao hang", "ship hang", "chuyen phat", "shipping", "courier",
    # a web shop (a shop on a platform: `about_a_platform`)
    "thiet ke website", "lam website", "tao website", "trang web ban hang", "website ban hang",
    "mo gian hang", "open a shop",
    # social insurance
    "bhxh", "bhyt",
    # recipes
    "cong thuc nau", "cong thuc lam", "cong thuc u", "recipe",
    # where things are cheap
    "o dau re", "cho nao re", "re nhat", "gia re", "cheapest",
))
# A topic whose words an entry holds, declined only with a cue of what no entry says about it
# (topics, cues). Export: trends-export and criteria-five-star say OCOP products aim at export,
# none says what paperwork it takes. Fairs: objectives-trade-promotion says fairs are part of
# OCOP, none says when or where one is held.
_PAIRED_FAMILIES = (
    (tuple(tokens(p) for p in ("xuat khau", "export")),
     tuple(tokens(p) for p in ("giay to", "thu tuc", "paperwork", "procedure", "document",
                               "can chung nhan", "chung nhan gi", "yeu cau gi", "requirement"))),
    # Quality certificates: the sheets score them (trends-quality-standards), no entry says
    # where or how to obtain one.
    (tuple(tokens(p) for p in ("haccp", "iso", "vietgap", "globalgap", "huu co", "organic")),
     tuple(tokens(p) for p in ("lam o dau", "xin o dau", "cap o dau", "mat bao lau",
                               "het bao nhieu", "chi phi", "where", "how long", "cost"))),
    # A trademark's own protection: trends-branding-ip says OCOP scores it, not how long it
    # lasts or where it is filed ("nhãn hiệu" alone is also "chứng nhận hiệu lực" folded).
    (tuple(tokens(p) for p in ("van bang", "bao ho nhan hieu", "trademark")),
     tuple(tokens(p) for p in ("bao nhieu nam", "gia han", "het han", "thoi han", "bao lau",
                               "nop o dau", "lam o dau", "how long", "renew"))),
    # Licences: sheets 15 and 17 require a production licence (criteria-disqualification),
    # no entry says where or how one is obtained.
    (tuple(tokens(p) for p in ("giay phep san xuat", "giay phep ban", "licence", "license",
                               "permit")),
     tuple(tokens(p) for p in ("xin o", "cap o", "co quan nao", "o dau", "xin the nao",
                               "thu tuc", "where", "which agency", "how do i get",
                               "how to get"))),
    (tuple(tokens(p) for p in ("hoi cho", "trade fair")),
     tuple(tokens(p) for p in ("nam nay", "o dau", "to chuc", "ngay nao", "khi nao", "sap toi",
                               "thang nay", "thang sau", "when", "where"))),
)


def _in_paired_family(words: tuple[str, ...]) -> bool:
    return any(_holds_phrase(words, topics) and _holds_phrase(words, cues)
               for topics, cues in _PAIRED_FAMILIES)


# An option's own words name its criterion: "bán qua Shopee có được tính kênh hiện đại không"
# asks about the distribution criterion.
_OPTION_PHRASES = (("kenh", "hien", "dai"), ("thuong", "mai", "hien", "dai"),
                   ("modern", "channel"), ("modern", "channels"))


def asks_scoring(words: tuple[str, ...]) -> bool:
    """Whether a question asks about OCOP's points or criteria."""
    return (bool(_SCORING & set(words)) or _contains(words, ("tieu", "chi"))
            or _holds_phrase(words, _OPTION_PHRASES))


def in_another_family(words: tuple[str, ...]) -> bool:
    """Whether a question is about a topic family no entry holds (`OTHER_FAMILIES`) or asks
    how to open a business, and asks nothing about points or criteria."""
    return not asks_scoring(words) and (
        holds_any(words, _FAMILY_INDEX) or _in_paired_family(words)
        or opens_a_business(words))


# Opening a business is a procedure of its own; whether a household business or one without
# a licence may take part is OCOP's (registration-individual, registration-who-can-register).
_BUSINESS = tuple(tokens(p) for p in (
    "dang ky ho kinh doanh", "dang ky kinh doanh", "thanh lap htx", "thanh lap hop tac xa",
    "thanh lap doanh nghiep", "thanh lap cong ty", "giay phep kinh doanh", "register a business",
    # Round 10: a trademark is scored (trends-branding-ip), registering one is the IP office's.
    "dang ky nhan hieu", "dang ky thuong hieu", "register a trademark",
    "chi dan dia ly", "geographical indication",
))
_PROCEDURE_CUES = tuple(tokens(p) for p in (
    "o dau", "bao lau", "may ngay", "le phi", "thu tuc", "giay to", "thanh vien", "het bao nhieu",
    "mat bao nhieu", "co quan nao", "where", "how long", "dang ky the nao", "dang ky nhu the nao",
    "dang ky ra sao", "how to register",
))
_JOINING = tuple(tokens(p) for p in ("tham gia", "duoc khong", "co duoc", "dang ky ocop"))


def opens_a_business(words: tuple[str, ...]) -> bool:
    """Whether a question asks how, where or how long to open a business."""
    return (_holds_phrase(words, _BUSINESS)
            and _holds_phrase(words, _PROCEDURE_CUES)
            and not _holds_phrase(words, _JOINING))
# "giá" as a price, not "giá trị", "gia hạn", "gia vị", "gia đình", "giả mạo", "gia tăng".
_GIA_COMPOUNDS = frozenset({"tri", "han", "vi", "dinh", "mao", "tang", "cong", "nhap"})
# Nor the "giá" of "tham gia", "đánh giá", "quốc gia", "chuyên gia", "tác giả".
_GIA_PRECEDERS = frozenset({"tham", "danh", "quoc", "chuyen", "tac"})
# ("kg" is read as "không", the chat word: a weight is cued by "bao nhiêu" after the price.)
_PRICE_CUES = (("hom", "nay"), ("hien", "nay"), ("bao", "nhieu", "tien"), ("lit",),
               ("cao", "hon"), ("re", "hon"), ("dat", "hon"), ("tuan", "nay"),
               ("gia", "bao", "nhieu"), ("price",), ("ban", "bao", "nhieu"),
               ("tam", "bao", "nhieu"), ("khoang", "bao", "nhieu"), ("1", "can"), ("mot", "can"))
# English: "star" and "rank" are OCOP's stars and ranking ("phân hạng").
OCOP_ANCHORS = frozenset({"ocop", "sao", "mxmsp", "star", "stars", "rank", "ranking", "ranked"})
# "chủ thể" is the decree's word for an OCOP producer.
_ANCHOR_PHRASES = (("moi", "xa", "mot", "san", "pham"), ("phan", "hang"), ("chu", "the"))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    if not size or phrase[0] not in words:  # most phrases' first word is absent: a C-level scan
        return False
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


Phrase = tuple[str, ...]


def _holds_phrase(words: tuple[str, ...], phrases: tuple[Phrase, ...]) -> bool:
    """Whether `words` hold any of `phrases` in order (a short list; `holds_any` reads a long
    one through its index)."""
    return any(_contains(words, p) for p in phrases)


PhraseIndex = dict[str, tuple[Phrase, ...]]


def phrase_index(phrases: tuple[Phrase, ...]) -> PhraseIndex:
    """Phrases by their first word: a question is read against a hundred of them per reply."""
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in index.items()}


def holds_any(words: tuple[str, ...], index: PhraseIndex) -> bool:
    """Whether `words` hold any phrase of `index`."""
    return any(words[i:i + len(p)] == p
               for i, w in enumerate(words) for p in index.get(w, ()))


# "làm sao", "tại sao", "ra sao": "sao" that asks how or why, not about stars.
_ASKING_SAO = frozenset({"lam", "tai", "vi", "thi", "ra", "la"})


def names_ocop(words: tuple[str, ...]) -> bool:
    """Whether a question names OCOP, its stars or its ranking."""
    named = {w for i, w in enumerate(words)
             if w in OCOP_ANCHORS and not (w == "sao" and i and words[i - 1] in _ASKING_SAO)}
    return bool(named) or _holds_phrase(words, _ANCHOR_PHRASES)


# Round 9, topic families no entry holds (checked against entries/*.yaml: none has "thuế",
# "lãi suất", "OTOP" or "bán chạy"): taxes, even an OCOP product's ("sp OCOP có được miễn thuế
# GTGT không"); interest rates (the entries name access to credit as support, never a rate);
# Thailand's OTOP; which products sell best.
UNHELD_TOPICS = tuple(tokens(p) for p in (
    "mien thue", "thue gtgt", "thue vat", "thue mon bai", "thue thu nhap", "nop thue",
    "thue khoan", "dong thue", "tien thue", "muc thue", "thue suat", "tax exempt", "taxes",
    "pay tax", "lai suat", "interest rate", "otop", "ban chay", "best selling", "best seller",
))
# What no entry says even of OCOP: an office's hours ("mấy giờ", "thứ 7 có mở không") and
# what officials or council members are paid ("thù lao", "phụ cấp", "lương").
# Both hold for a question that names OCOP too.
NEVER_ANSWERED = tuple(tokens(p) for p in (
    "may gio", "gio lam viec", "gio hanh chinh", "mo cua may gio", "thu 7 co mo",
    "thu bay co mo", "thu 7 co lam", "thu bay co lam", "lam viec thu 7", "thu lao", "phu cap",
    "tien luong", "muc luong", "bao nhieu luong", "what time", "opening hours", "office hours",
    # Round 10: fees (neither the decree nor the fact sheet names one), a population, lottery.
    "le phi", "phi danh gia", "phi dang ky", "phi tham gia", "mat phi", "ton phi", "thu phi",
    "mien phi", "phi san", "chi phi danh gia", "chi phi dang ky", "application fee", "fee",
    "fees", "free of charge", "dan so", "bao nhieu dan", "bao nhieu nguoi dan", "population",
    "trung so", "vietlott", "lottery",
)) + UNHELD_TOPICS
# Where the OCOP products are most numerous: the entries give the country's figures and Sơn
# La's, never a ranking of provinces ("tỉnh nào nhiều sản phẩm 5 sao nhất"); "tỉnh nào làm
# OCOP đầu tiên" (objectives-history) names no superlative of number.
_WHICH_PLACE = (("tinh", "nao"), ("dia", "phuong", "nao"), ("huyen", "nao"), ("xa", "nao"),
                ("which", "province"))
_MOST = (("nhieu", "nhat"), ("it", "nhat"), ("dan", "dau"), ("most",), ("top",))


def ranks_places(words: tuple[str, ...]) -> bool:
    """Whether a question asks which place has the most (or fewest) of something."""
    return (_holds_phrase(words, _WHICH_PLACE)
            and any(_contains(words, m) or _spread(words, m) for m in _MOST))


def _spread(words: tuple[str, ...], pair: tuple[str, ...]) -> bool:
    """Whether a two-word phrase's words come in order with others between ("nhiều sp nhất")."""
    if len(pair) != 2 or pair[0] not in words:
        return False
    return pair[1] in words[words.index(pair[0]) + 1:]


_NEVER_INDEX = phrase_index(NEVER_ANSWERED)
_OTHER_INDEX = phrase_index(OTHER_PROGRAMMES)
_FAMILY_INDEX = phrase_index(OTHER_FAMILIES)


def never_answered(words: tuple[str, ...]) -> bool:
    """Whether a question asks what no entry says, OCOP named or not (`NEVER_ANSWERED`)."""
    return (holds_any(words, _NEVER_INDEX) or ranks_places(words) or asks_a_salary(words)
            or asks_who_holds_it_now(words)
            or asks_office_days(words) or names_a_places_products(words)
            or counts_another_place(words) or asks_a_price(words)
            or asks_an_unheld_period(words) or asks_where_to_buy(words)
            or lists_products(words) or reissues_a_lost_paper(words)
            or asks_a_places_code(words) or counts_a_kind_of_product(words)
            or asks_a_places_date(words) or asks_someones_contact(words)
            or asks_how_to_open_a_shop(words) or renames_the_participant(words))


# Whether an office works on a given day ("thứ 7 UBND xã có làm việc không"): no entry says.
_DAYS = tuple(tokens(p) for p in ("thu 7", "thu bay", "chu nhat", "ngay le", "ngay nghi",
                                  "saturday", "sunday", "weekend"))
_WORKING = tuple(tokens(p) for p in ("lam viec", "mo cua", "tiep dan", "open"))


def asks_office_days(words: tuple[str, ...]) -> bool:
    """Whether a question asks if an office works on a weekend or holiday."""
    return (_holds_phrase(words, _DAYS)
            and _holds_phrase(words, _WORKING))


# Which products a place has ("Bình Định có sản phẩm OCOP 5 sao nào không"): the entries give
# counts for the country and Sơn La, never the products of a place (figures-son-la-total says
# its products' names are not in the assistant's sources: Sơn La is answered by it).
_PRODUCT_WORDS = frozenset({"san", "sp", "products"})
_WHICH_PRODUCTS = tuple(tokens(p) for p in ("which products", "what products",
                                             "la san pham gi", "la sp gi", "la san pham nao",
                                             "la sp nao", "ten san pham", "ten sp"))
# Words that may stand between "sản phẩm" and its "nào" ("sản phẩm OCOP 5 sao nào"); any other
# word makes the "nào" another one's ("sản phẩm chè Thái Nguyên chấm theo phiếu nào").
_BETWEEN = frozenset({"pham", "ocop", "sao", "dat", "duoc", "gi"})
_NEAR = 6


def names_a_places_products(words: tuple[str, ...]) -> bool:
    """Whether a question asks which products a named place other than Sơn La has."""
    named = _places_named(words) if _asks_which_products(words) else set()
    return bool(named) and not named & set(_FIGURED)


_MAKERS = frozenset({"products", "producers", "companies", "cooperatives", "coops"})


def _asks_which_products(words: tuple[str, ...]) -> bool:
    if _holds_phrase(words, _WHICH_PRODUCTS) or any(
            w == "which" and _MAKERS & set(words[i + 1:i + 5]) for i, w in enumerate(words)):
        return True
    for i, w in enumerate(words):
        if w in _PRODUCT_WORDS:
            after = words[i + 1:i + 1 + _NEAR]
            if "nao" in after and all(x in _BETWEEN or x[:1].isdigit()
                                      for x in after[:after.index("nao")]):
                return True
    return False


# A list of products ("cho xin danh sách sp OCOP 5 sao của Quảng Ninh"): the entries give
# counts, never names of products.
_LIST = tuple(tokens(p) for p in (
    "danh sach san pham", "danh sach sp", "danh sach cac san pham", "danh sach cac sp",
    "liet ke san pham", "liet ke sp", "liet ke cac san pham", "ke ten san pham", "ke ten sp",
    "list of products", "list of ocop products", "list the products"))


_SHEET_WORDS = frozenset({"phieu", "nhom", "sheet", "group", "bo"})


# A place's administrative code ("mã tỉnh của Phú Thọ trong mã số sản phẩm là số mấy"):
# criteria-product-code gives the code's form, no place's code.
_CODES = (("ma", "tinh"), ("ma", "xa"), ("province", "code"))


# How to open a shop on a platform: trends-digital says OCOP counts selling online, not how.
_OPEN_A_SHOP = tuple(tokens(p) for p in ("mo gian hang", "lap gian hang", "tao gian hang",
                                         "open a shop"))


def asks_how_to_open_a_shop(words: tuple[str, ...]) -> bool:
    """Whether a question asks how to open a shop online, not whether it scores."""
    return _holds_phrase(words, _OPEN_A_SHOP) and not asks_scoring(words)


# A participant renamed or changing its legal form ("cty đổi tên từ TNHH sang cổ phần thì
# GCN OCOP có phải làm lại không"): no entry says what becomes of its certificate. A product
# copied under another name ("làm y chang sp bên kia rồi đổi tên") is criteria-copied-product.
_RENAMED = tuple(tokens(p) for p in ("doi ten", "chuyen doi loai hinh", "doi loai hinh"))
_ORGANISATIONS = tuple(tokens(p) for p in ("hop tac xa", "cong ty", "doanh nghiep", "company"))
_COPYING = frozenset({"giong", "chang", "het", "copy", "nhai", "chuoc", "lay", "mua", "nhap",
                     "khac"})
RENAME_SPAN = 4


def renames_the_participant(words: tuple[str, ...]) -> bool:
    """Whether a question asks what a participant's renaming does to its certificate."""
    return not _COPYING & set(words) and any(
        _holds_phrase(words[max(0, i - RENAME_SPAN):i], _ORGANISATIONS)
        for i in range(len(words)) for p in _RENAMED if words[i:i + len(p)] == p)


# How many products of one kind the country or a place has ("cả nước có bao nhiêu sp OCOP là
# du lịch cộng đồng"): the figures entries give totals and star levels, no kind's count.
_SCOPES = (("ca", "nuoc"), ("toan", "quoc"), ("viet", "nam"), ("nationwide",), ("country",))


def counts_a_kind_of_product(words: tuple[str, ...]) -> bool:
    """Whether a question asks how many products of a named kind a place or the country has."""
    scoped = _holds_phrase(words, _SCOPES) or bool(_places_named(words))
    return scoped and _holds_phrase(words, _COUNT) and bool(product_sheets(words))


def asks_a_places_code(words: tuple[str, ...]) -> bool:
    """Whether a question asks the code of a place it names."""
    return _holds_phrase(words, _CODES) and bool(_places_named(words))


# The day a named province's council meets or its round is scored ("lịch chấm ocop đợt 2 năm nay
# của tỉnh Khánh Hòa là ngày mấy"): each province sets its own; no entry holds one. Every such
# question of fresh26-37 (twelve, two in fresh36 and fresh37, written blind after the rule) is
# out of scope, and no other question names a place, a day and a round together. "Họp" and
# "lịch" alone are no round: "htx" reads "hợp tác xã", and "du lịch" is tourism ("htx em ở Nghệ
# An cấp giấy ngày 12/5/2022, đến ngày nào hết hạn").
_DAY_ASKED = tuple(tokens(p) for p in ("ngay nao", "ngay may", "hom nao", "what date",
                                       "which date", "which day"))
_ROUND_HELD = tuple(tokens(p) for p in (
    "hoi dong", "lich cham", "lich hop", "lich danh gia", "dot cham", "dot danh gia",
    "schedule", "round", "meet", "meets", "council"))
# A training's day is the trainings' entry's (support-trainings-bot).
_TRAINING = tuple(tokens(p) for p in ("tap huan", "training", "lop hoc"))


def asks_a_places_date(words: tuple[str, ...]) -> bool:
    """Whether a question asks the day a named place holds its evaluation round."""
    return (_holds_phrase(words, _DAY_ASKED) and _holds_phrase(words, _ROUND_HELD)
            and not _holds_phrase(words, _TRAINING) and bool(_places_named(words)))


# Someone's phone number or e-mail ("cho xin sđt chủ cơ sở làm miến dong 4 sao"): the entries
# give none; support-find-officer says how to reach the commune's OCOP officer, so a request
# that names an officer or the one in charge is left to it (in the sets up to fresh37, every
# request naming one is support-find-officer; the 14 naming none are out of scope). "Xin" alone
# is no request: "xin hỏi mẫu 01 có phải ghi email không" asks about the form; the commune's
# number, a form or a dossier to send are the entries' ("cho em xin sđt ubnd xã để làm hồ sơ",
# "cho em xin mẫu phiếu đăng ký, có mục ghi email không").
_CONTACTS = tuple(tokens(p) for p in ("sdt", "so dien thoai", "so dt", "email", "hotline",
                                      "phone number", "phone numbers"))
_CONTACT_ASKED = tuple(tokens(p) for p in (
    "cho xin", "e xin", "em xin", "minh xin", "toi xin", "tui xin", "bac xin", "xin sdt",
    "xin so", "xin email", "la bao nhieu", "la so may", "give me", "share"))
_OFFICER = tuple(tokens(p) for p in ("can bo", "phu trach", "officer", "ubnd", "uy ban",
                                      "cua xa"))
_FORMS_AND_DOSSIERS = tuple(tokens(p) for p in ("mau", "phieu", "ho so", "form", "dossier"))


def asks_someones_contact(words: tuple[str, ...]) -> bool:
    """Whether a question asks for the phone number or e-mail of anyone but an officer or the
    commune, and not about a form or a dossier."""
    return (_holds_phrase(words, _CONTACTS) and _holds_phrase(words, _CONTACT_ASKED)
            and not _holds_phrase(words, _OFFICER)
            and not _holds_phrase(words, _FORMS_AND_DOSSIERS))


def lists_products(words: tuple[str, ...]) -> bool:
    """Whether a question asks for a list of products ("sp bị gạch khỏi danh sách" does not, nor
    "danh sách các sản phẩm chấm theo phiếu thủ công": the sheets list their products)."""
    return _holds_phrase(words, _LIST) and not _SHEET_WORDS & set(words)


# A lost or damaged certificate reissued: nothing in the decree or the entries says how.
_LOST = tuple(tokens(p) for p in ("bi mat", "lam mat", "danh mat", "that lac", "bi hong",
                                  "rach", "bi chay", "chay mat", "bi uot", "can mat", "mat roi",
                                  "lost", "damaged", "burnt"))
_REISSUE = tuple(tokens(p) for p in ("cap lai", "xin lai", "lam lai", "ban sao", "reissue",
                                     "replacement", "new copy", "a copy"))


_PAPERS = tuple(tokens(p) for p in ("giay", "chung nhan", "bang", "certificate"))


def reissues_a_lost_paper(words: tuple[str, ...]) -> bool:
    """Whether a question asks how to have a lost or damaged certificate reissued ("công thức
    bí mật" names no paper)."""
    return (_holds_phrase(words, _LOST)
            and _holds_phrase(words, _REISSUE)
            and _holds_phrase(words, _PAPERS))


_YEAR = re.compile(r"(?:19[5-9]|20[0-9])[0-9]")
_PLANS = tuple(tokens(p) for p in ("muc tieu", "giai doan", "chi tieu", "target"))


@lru_cache(maxsize=1)
def shipped_entries() -> tuple[FaqEntry, ...]:
    """The entries as shipped, read once: what `held_years` and `ordinary_place_names` look in
    (an entry an officer adds at run time is exempt from the word rules anyway)."""
    return tuple(load_entries())


@lru_cache(maxsize=1)
def held_years() -> frozenset[str]:
    """The years the shipped entries name (1979, 2013, 2018...)."""
    texts = (t for e in shipped_entries() for t in (*e.texts, e.answer_vi, e.answer_en))
    return frozenset(y for text in texts for y in _YEAR.findall(text))


def asks_an_unheld_period(words: tuple[str, ...]) -> bool:
    """Whether a question asks the targets or plans of a year no entry names ("giai đoạn
    2026-2030 mục tiêu bao nhiêu sản phẩm": the entries hold the 2021-2025 target)."""
    years = {w for w in words if _YEAR.fullmatch(w)}
    return bool(years - held_years()) and _holds_phrase(words, _PLANS)


# "lương" folds to "luong", as does the "lượng" of "chất lượng", "số lượng", "sản lượng"...
_LUONG_COMPOUNDS = frozenset({"chat", "so", "san", "khoi", "dinh", "nang", "ham", "trong", "du",
                              "luu", "tu", "do", "tang", "giam", "dung", "quy", "ky"})
# "được trả", not the "tra" of "kiểm tra".
_PAY_CUES = (("bao", "nhieu"), ("thang",), ("duoc", "tra"), ("tra", "luong"), ("huong",),
             ("how", "much"))


def asks_a_salary(words: tuple[str, ...]) -> bool:
    """Whether a question asks what someone is paid ("lương cán bộ OCOP xã bao nhiêu")."""
    paid = any(w == "luong" and prev not in _LUONG_COMPOUNDS and nxt != "thuc"
               for prev, w, nxt in with_neighbours(words))
    english = bool({"salary", "wage", "wages"} & set(words))
    return (paid and _holds_phrase(words, _PAY_CUES)) or english


# Quality standards are a programme of their own, but OCOP's sheets score them: a question
# naming one asks OCOP's when it asks about points or scoring ("có VietGAP thì có lợi gì khi
# chấm"), not when it asks what the standard requires ("tiêu chuẩn VietGAP cho rau là gì").
QUALITY_STANDARDS = (("vietgap",), ("viet", "gap"), ("globalgap",), ("global", "gap"))
_SCORING = frozenset({"diem", "cham", "point", "points", "score", "scor", "scoresheet",
                      "scorecard", "scoring"})


def other_standard(words: tuple[str, ...]) -> bool:
    """Whether a question names a quality standard and asks nothing about OCOP's scoring."""
    return not asks_scoring(words) and _holds_phrase(words, QUALITY_STANDARDS)


_INSURANCE = (("bao", "hiem"),)
# A labour list with social insurance is evidence in the dossier (registration-evidence-legal):
# "danh sách lao động có phải đóng bảo hiểm không" is OCOP's.
_LABOUR = (("lao", "dong"),)


def asks_about_insurance(words: tuple[str, ...]) -> bool:
    """Whether a question is about insurance for its own sake, not a dossier's labour list."""
    return _holds_phrase(words, _INSURANCE) and not _holds_phrase(words, _LABOUR)


@lru_cache(maxsize=4096)  # asked of the whole message, of each clause and again by the engine
def other_programme(words: tuple[str, ...]) -> bool:
    """Whether a question is about another programme or procedure and does not name OCOP, or
    asks what no entry says."""
    if never_answered(words):
        return True
    if names_ocop(words):
        return False
    return (holds_any(words, _OTHER_INDEX) or other_standard(words) or asks_about_insurance(words)
            or in_another_family(words)
            or obtains_a_food_safety_paper(words) or about_a_platform(words)
            or asks_who_holds_an_office(words) or asks_about_the_bot(words)
            or asks_ovop_trivia(words))


_BUY = frozenset({"mua", "buy", "purchase"})
_WHERE = (("o", "dau"), ("cho", "nao"), ("where",))
# "mùa" folds to "mua" too: "mùa này", "theo mùa vụ".
_SEASON_BEFORE = frozenset({"theo", "cac", "moi", "vao", "trai", "dung"})
_SEASON_AFTER = frozenset({"vu", "nay", "sau", "toi", "mua", "he", "dong", "xuan", "thu",
                           "nam", "truoc", "khac"})
_BUY_NEAR = 10


def asks_where_to_buy(words: tuple[str, ...]) -> bool:
    """Whether a question asks where to buy something ("mua tem QR ở đâu uy tín"): no entry
    names a seller."""
    return any(w in _BUY and prev not in _SEASON_BEFORE and nxt not in _SEASON_AFTER
               and _holds_phrase(words[i + 1:i + 1 + _BUY_NEAR], _WHERE)
               for i, (prev, w, nxt) in enumerate(with_neighbours(words)))


# concepts-origin-ovop says where and when OVOP began and what OCOP took from it; nothing says
# who started it or how many products it has.
_TRIVIA = tuple(tokens(p) for p in ("ai", "bao nhieu", "may san pham", "who", "how many"))


def asks_ovop_trivia(words: tuple[str, ...]) -> bool:
    """Whether a question asks who started Japan's OVOP or how many products it has."""
    return "ovop" in words and _holds_phrase(words, _TRIVIA)


# A short question to the bot about itself ("bạn có vui không", "bạn ở đâu thế", "bot làm được
# bao lâu rồi"): support-what-bot-does says what it does, nothing says how it is.
_PERSONAL = tuple(tokens(p) for p in (
    "vui", "buon", "khoe", "tuoi", "o dau", "bao lau roi", "an com", "ngu chua", "nguoi that",
    "nguoi yeu", "thich", "met", "ten gi", "ten la gi", "la ai", "how old", "are you"))
_ADDRESSING = frozenset({"ban", "bot", "you"})
_SHORT = 6


def asks_about_the_bot(words: tuple[str, ...]) -> bool:
    """Whether a short message asks the bot about itself."""
    return (bool(words) and words[0] in _ADDRESSING and len(words) <= _SHORT
            and not asks_scoring(words) and _holds_phrase(words, _PERSONAL))


_COUNT = tuple(tokens(p) for p in ("bao nhieu san pham", "may san pham", "bao nhieu sp",
                                   "may sp", "how many products", "how many ocop products"))
# The entries give the country's figures and Sơn La's (figures-*), no other place's.
_FIGURED = (("son", "la"),)


def counts_another_place(words: tuple[str, ...]) -> bool:
    """Whether a question asks how many products a place other than Sơn La has: a province, or
    a place after its unit word ("tỉnh Bến Tre", a province before 2025 and a ward now; "xã Tà
    Xùa"). A commune's name alone may be common words ("Nậm Cô" in "Việt Nam có")."""
    counted = {words[start:end] for start, end in _place_spans(words)
               if _counted_at(words, start, end)}
    return bool(counted) and not counted & set(_FIGURED)


# The place is what is counted: "Hà Nội có bao nhiêu sản phẩm", "bao nhiêu sp OCOP của Quảng
# Ninh"; not where the asker lives ("em ở Nghệ An, làm bao nhiêu sản phẩm thì được tham gia").
_OF_PLACE = frozenset({"cua", "o", "tai", "in", "of"})
_HAS = frozenset({"co", "has", "have"})


# "Đắk Lắk mình tới giờ có tổng cộng bn sp": words may stand between the place and "có", and
# between "có" and the count.
_HAS_SPAN, _COUNT_SPAN = 5, 10


def _counted_at(words: tuple[str, ...], start: int, end: int) -> bool:
    after = words[end:end + _HAS_SPAN]
    has_then_count = bool(_HAS & set(after)) and any(
        _contains(words[end:end + _COUNT_SPAN], c) for c in _COUNT)
    # "how many OCOP products does Lam Dong have": the count, then the place that has them.
    count_of = bool(start) and (words[start - 1] in _OF_PLACE or bool(_HAS & set(after))) and any(
        _contains(words[:start], c) for c in _COUNT)
    return has_then_count or count_of


_UNITS = frozenset({"tinh", "huyen", "xa", "phuong", "pho", "province", "district", "commune"})


# The provinces merged away on 1/7/2025 (34 since, knowledge/places.py): users still name them.
FORMER_PROVINCES = frozenset(tokens(p) for p in (
    "ha giang", "yen bai", "bac kan", "vinh phuc", "hoa binh", "bac giang", "thai binh",
    "hai duong", "ha nam", "nam dinh", "quang binh", "quang nam", "kon tum", "binh dinh",
    "ninh thuan", "dak nong", "binh thuan", "phu yen", "binh duong", "ba ria vung tau",
    "vung tau", "binh phuoc", "long an", "soc trang", "hau giang", "ben tre", "tra vinh",
    "tien giang", "bac lieu", "kien giang"))


def _places_named(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[start:end] for start, end in _place_spans(words)}


def _place_spans(words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where `words` name a place: a province (as now or before 2025), or a commune after its
    unit word unless the entries use its name as ordinary words."""
    provinces, places, firsts = province_names(), place_names(), _first_place_words()
    return [(i, i + size) for size in (2, 3, 4) for i in range(len(words) - size + 1)
            if words[i] in firsts and (
                ((words[i:i + size] in provinces or words[i:i + size] in FORMER_PROVINCES)
                 and not _in_a_compound(words, i))
                or (i and words[i - 1] in _UNITS and words[i:i + size] in places
                    and words[i:i + size] not in ordinary_place_names()))]


@lru_cache(maxsize=1)
def _first_place_words() -> frozenset[str]:
    """The words a place's name can begin with: most words of a message begin none."""
    return frozenset(name[0] for names in (province_names(), FORMER_PROVINCES, place_names())
                     for name in names)


@lru_cache(maxsize=1)
def ordinary_place_names() -> frozenset[tuple[str, ...]]:
    """Communes' names that the shipped entries use as ordinary words ("có tổ chức" holds Cô Tô,
    "phụ trách" Phú Trạch, "là gì" La Gi): after "tỉnh" or "xã" they are not a place."""
    texts = (tokens(t) for e in shipped_entries()
             for t in (*e.texts, *e.paraphrases_en, e.answer_vi))
    seen = {w[i:i + size] for w in texts for size in (2, 3) for i in range(len(w) - size + 1)}
    return frozenset(place_names() & seen)


def _in_a_compound(words: tuple[str, ...], i: int) -> bool:
    """Whether the place name at `i` begins inside a word ("đánh giá lại" is not Gia Lai)."""
    return bool(i) and words[i] == "gia" and words[i - 1] in _GIA_PRECEDERS


@lru_cache(maxsize=1)
def province_names() -> frozenset[tuple[str, ...]]:
    """The 34 provinces' names as folded syllables, without "tỉnh" or "thành phố"."""
    from knowledge.places import provinces  # the package's tables: read once, when asked

    names = (tokens(p.name) for p in provinces())
    return frozenset(n[2:] if n[:2] == ("thanh", "pho") else n[1:] if n[:1] == ("tinh",) else n
                     for n in names)


# Offices whose holder a user may ask for: the entries say what a body does, never who leads it.
_OFFICES = (("chu", "tich"), ("bo", "truong"), ("thu", "truong"), ("thu", "tuong"),
            ("giam", "doc"), ("bi", "thu"), ("tong", "bi", "thu"), ("pho", "chu", "tich"),
            ("minister",), ("chairman",), ("chairwoman",), ("governor",), ("president",),
            ("director",))


_WHO = tuple(tokens(p) for p in ("la ai", "ai la", "ten gi", "ten la gi", "who is", "name of"))
# An office holder's phone number: support-find-officer points a producer to the commune's
# OCOP officer, no entry gives a director's or a chairman's number.
_CONTACT = tuple(tokens(p) for p in ("so dien thoai", "phone number", "hotline", "email"))


_NOW = tuple(tokens(p) for p in ("hien nay", "hien tai", "hien la", "bay gio", "luc nay",
                                 "nam nay", "dang la", "nhiem ky nay",
                                 "currently", "current", "right now"))
_WHO_NOW = (*_WHO, *(tokens(p) for p in ("ong nao", "ba nao", "nguoi nao", "ai dang lam",
                                          "ai dang la", "ai dang giu", "who is currently")))
# The person who signed a decision ("QĐ 26 do phó thủ tướng nào ký"): the entries name the
# decisions, never their signatories ("ai ký quyết định công nhận" asks which level signs).
_SIGNED = tuple(tokens(p) for p in ("thu tuong nao", "bo truong nao", "ong nao ky",
                                    "ba nao ky", "who signed"))
_WHO_SIGNED = tuple(tokens(p) for p in ("ai ky", "nguoi ky"))
_NUMBERED = (("quyet", "dinh"), ("nghi", "dinh"), ("thong", "tu"))


SIGNED_SPAN = 4
# "ai ký giấy chứng nhận", "ai ký quyết định công nhận": which level signs a paper, not who
# signed the decision.
_SIGNED_PAPERS = frozenset({"giay", "quyet", "chung", "bang"})


def _signatory_of_a_numbered_text(words: tuple[str, ...]) -> bool:
    """"QĐ 26/2026 do ai ký", "quyết định số 26 ai ký vậy": who signed a decision named by its
    number, asked right after it."""
    for i in range(len(words) - 2):
        start = i + 3 if words[i + 2] == "so" else i + 2
        if words[i:i + 2] not in _NUMBERED or not words[start:start + 1] \
                or not words[start][:1].isdigit():
            continue
        for j in range(start + 1, min(len(words) - 1, start + 1 + SIGNED_SPAN)):
            if words[j:j + 2] in _WHO_SIGNED and not _SIGNED_PAPERS & set(words[j + 2:j + 4]):
                return True
    return False


def asks_who_holds_it_now(words: tuple[str, ...]) -> bool:
    """Whether a question asks who holds an office now ("chủ tịch hội đồng OCOP tỉnh hiện nay
    là ông nào"): the entries say which office holds a role, never who holds the office."""
    return _holds_phrase(words, _SIGNED) or _signatory_of_a_numbered_text(words) or (
        _holds_phrase(words, _WHO_NOW) and _holds_phrase(words, _NOW)
        and _holds_phrase(words, _OFFICES))


def asks_who_holds_an_office(words: tuple[str, ...]) -> bool:
    """Whether a question asks who holds an office ("chủ tịch tỉnh Sơn La là ai") or for an
    office holder's phone number ("cho e xin sđt ông giám đốc sở")."""
    asks_who = (_holds_phrase(words, _WHO)
                or _holds_phrase(words, _CONTACT))
    return asks_who and _holds_phrase(words, _OFFICES)


# Selling platforms: how to open a shop or an account on one is the platform's business; a
# question about them is OCOP's only when it asks about points or criteria.
PLATFORMS = frozenset({"shopee", "lazada", "tiki", "tiktok", "facebook", "zalo", "youtube"})


def about_a_platform(words: tuple[str, ...]) -> bool:
    """Whether a question names a selling platform and asks nothing about points or criteria."""
    return bool(PLATFORMS & set(words)) and not asks_scoring(words)


_OBTAIN = frozenset({"xin", "lam", "cap"})
_FOOD_SAFETY = (("an", "toan", "thuc", "pham"), ("an", "toan", "ve", "sinh", "thuc", "pham"),
                ("ve", "sinh", "thuc", "pham"))


def obtains_a_food_safety_paper(words: tuple[str, ...]) -> bool:
    """Whether a question asks how to obtain a food-safety paper ("xin giấy chứng nhận cơ sở
    đủ điều kiện ATVSTP ở đâu"): a procedure of its own, not of OCOP."""
    obtains = (any(w in _OBTAIN and "giay" in words[i + 1:i + 3] for i, w in enumerate(words))
               or _holds_phrase(words, _WHERE_ISSUED))
    return obtains and _holds_phrase(words, _FOOD_SAFETY)


# "giấy ATTP xin ở cơ quan nào, mất bao nhiêu ngày": the paper named first, where it is issued
# asked after.
_WHERE_ISSUED = tuple(tokens(p) for p in (
    "xin o dau", "xin o co quan nao", "cap o dau", "co quan nao cap", "xin o", "lam o dau",
    "mat bao nhieu ngay", "mat bao lau", "where do i get"))


PRICE_SPAN = 8  # "giá mật ong OCOP 1 kg bao nhiêu"


def asks_a_price(words: tuple[str, ...]) -> bool:
    """Whether a question asks the price of something ("giá đất ở Sơn La hiện nay", "giá mật
    ong OCOP 1 kg bao nhiêu")."""
    prices = [i for i, (prev, w, nxt) in enumerate(with_neighbours(words))
              if w == "gia" and nxt not in _GIA_COMPOUNDS and prev not in _GIA_PRECEDERS]
    if not prices and "price" not in words:
        return False
    how_much = any(_contains(words[i + 1:i + 1 + PRICE_SPAN], ("bao", "nhieu")) for i in prices)
    return how_much or _holds_phrase(words, _PRICE_CUES)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the decision switches between answering, suggesting and declining.

    `answer` is the least evidence (see `evidence`) for answering the top entry; `named` the
    least for a question that names OCOP, its stars or its ranking (`names_ocop`): such a
    question is in scope, so the evidence need not rule out that it is about something else,
    only that the top entry is the wrong one. `weights`
    weigh the signals into that evidence: (bias, confidence, coverage, margin, log score),
    fitted on the development set (knowledge/faq/calibrate.py); without them the evidence is
    the confidence alone.
    """

    answer: float = 0.3
    named: float = 1.0
    margin: float = 0.1
    coverage: float = 0.6
    known: float = 0.8
    suggest_ratio: float = 0.7
    weights: tuple[float, float, float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class Signals:
    """The numbers a decision is made on, for the best hit."""

    confidence: float
    margin: float
    coverage: float
    known: float = 1.0
    score: float = 0.0

    def features(self) -> tuple[float, float, float, float, float]:
        """The signals as the evidence model reads them (a constant 1 for the bias first)."""
        return (1.0, self.confidence, self.coverage, self.margin,
                math.log(max(self.score, MIN_SCORE)))


# The log of a ranking score is read no lower than this (a score of 0 has no logarithm).
MIN_SCORE = 0.05


def evidence(s: Signals, t: Thresholds) -> float:
    """How strongly the signals say the top entry answers the question (0..1 with weights).

    No single signal tells an unseen wording from an unrelated question: a paraphrase the
    entries lack matches few words of any one text (low confidence) but is explained by the
    entry as a whole (coverage) far ahead of every other entry (margin, score).
    """
    if t.weights is None:
        return s.confidence
    z = sum(w * f for w, f in zip(t.weights, s.features(), strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one search: `kind` is "answer", "suggestions", "greeting", "thanks",
    "empty" or "decline"; `entries` the answered entry (first) or the suggestions; `related`
    siblings of an answered entry that hold the fact too."""

    kind: str
    entries: tuple[FaqEntry, ...] = ()
    related: tuple[FaqEntry, ...] = ()
    confidence: float = 0.0
    evidence: float = 0.0


# "có ai không": asking whether someone is there greets; the words around it must be small
# talk ("ad ơi có ai ko"), not a question ("có ai hỗ trợ không").
_PRESENCE = (("co", "ai", "o", "day", "khong"), ("co", "ai", "o", "do", "khong"),
             ("co", "ai", "online", "khong"),
             ("co", "ai", "truc", "khong"), ("co", "ai", "khong"))


def _without_presence_check(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words around a presence check ("co ai khong"), or None without one."""
    for phrase in _PRESENCE:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if words[i:i + size] == phrase:
                return words[:i] + words[i + size:]
    return None


# A thank-you with an aside ("cam on ad nhieu nhe, e hieu r", "oke tks bn nha"): the thanks
# phrase, at most two words that are neither small talk nor polite, and nothing that asks.
_THANKS_PHRASES = tuple(tokens(p) for p in ("cam on", "camon", "cmon", "tks", "thx", "thanks",
                                            "thank"))
_ASIDE_WORDS = 2
# "thêm" asks for more ("cảm ơn, cho em hỏi thêm về hồ sơ": "cho em hỏi" is dropped when a
# message is read).
_ASKING = frozenset(re.findall(
    r"\w+", "gi j sao nao ai dau khi bao may the ntn nhieu khong ko k chua how what why when "
    "where who which can duoc dc them con"))


def _after_thanks(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` without "bao nhieu" right after a thanks word: "tks bn" is "thanks, bạn"."""
    for i in range(1, len(words) - 1):
        if words[i:i + 2] == ("bao", "nhieu") and words[i - 1] in THANKS_WORDS:
            return words[:i] + words[i + 2:]
    return words


# What a producer will do next, after thanking ("mai e hỏi tiếp", "để e báo lại anh em trong
# htx", "để e chụp màn hình gửi bà xã"): said, not asked.
_LATER = tuple(tokens(p) for p in ("mai", "de mai", "lat nua", "hom sau", "hom khac", "de e",
                                   "de em", "de minh", "de tui", "de toi", "de chau", "de con",
                                   "later", "tomorrow"))
_GOT_IT = tuple(tokens(p) for p in ("duoc roi", "dc roi", "ro roi", "duoc r"))
# Praise of the answer beside thanks ("giải thích dễ hiểu quá"): said, not asked.
_PRAISE = tuple(tokens(p) for p in ("de hieu", "hay qua", "tuyet voi", "huu ich", "ro rang",
                                    "chi tiet qua", "nhiet tinh", "really helps", "helps a lot",
                                    "very helpful", "so helpful", "great help", "this helps",
                                    "clears it up", "makes sense",
                                    # "cảm ơn ban quản trị đã giải đáp", "bà em cũng cảm ơn"
                                    "da giai dap", "da tra loi", "cung cam on",
                                    # well-wishes: "chúc anh ngày mới vui vẻ"
                                    "chuc anh", "chuc chi", "chuc ad", "chuc ban", "chuc em",
                                    "ngay moi vui ve", "have a nice day", "have a good day"))
_THANKS_FIRST_WORDS = 4
# "thanks, makes sense, but my certificate expired": a follow-up after the praise.
_FOLLOW_UP = frozenset({"also", "but", "though", "however", "and", "nhung", "con", "them",
                        "vay", "hay", "ma"})
_LONG_ASIDE = 12


def _follows_up(words: tuple[str, ...]) -> bool:
    """Whether a thank-you goes on to something else: a follow-up word ("but", "vậy", "hay")
    with a word that is not small talk after it ("cảm ơn ad đã giải đáp, vậy hồ sơ nộp ở xã
    hay tỉnh"; "cảm ơn nhiều vậy" ends on it, and "hay quá" praises)."""
    words = _without(words, _PRAISE)
    return any(w in _FOLLOW_UP and any(a not in SMALLTALK and a not in POLITE
                                       for a in words[i + 1:])
               for i, w in enumerate(words))


def _before_later(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` up to what the writer says they will do next, "được rồi" left out."""
    for i in range(1, len(words)):
        if any(words[i:i + len(p)] == p for p in _LATER):
            words = words[:i]
            break
    return _without(words, _GOT_IT)


def _thanks_with_aside(words: tuple[str, ...]) -> bool:
    """A thank-you with a short aside, or a longer one that praises the answer or says what
    comes next, asking and wanting nothing, when the message opens with the thanks ("dạ e
    cảm ơn ạ, giải thích dễ hiểu quá")."""
    if not _holds_phrase(words, _THANKS_PHRASES):
        return False
    kept = _before_later(_after_thanks(words))
    aside = [w for w in kept if w not in SMALLTALK and w not in POLITE]
    if any(w in OCOP_ANCHORS or w[:1].isdigit() for w in aside):
        return False
    if len(aside) <= _ASIDE_WORDS:
        return not _asks(words, aside)
    says_more = _holds_phrase(words, _LATER) or _holds_phrase(words, _PRAISE)
    return (says_more and len(aside) <= _LONG_ASIDE and not _follows_up(kept)
            and _holds_phrase(words[:_THANKS_FIRST_WORDS + 1], _THANKS_PHRASES)
            and not _asks(kept, aside, _QUESTION_WORDS) and not _wants(tuple(aside)))


# A message that opens with a greeting may say who is writing ("xin chào, em là cán bộ nông
# nghiệp xã mới vào nhóm ạ"): small talk while it asks and wants nothing ("em là htx chè muốn
# đăng ký" wants something).
_OPENERS = frozenset({"ok", "oke", "okay", "da", "vang", "uh", "u", "a", "ad", "admin", "oi",
                      "xin", "alo", "e", "em", "minh", "chau"})
_GREETINGS = tuple(tokens(p) for p in ("chao", "xin chao", "hello", "hi", "hey", "alo",
                                       "good morning", "good afternoon", "good evening"))
_INTRODUCING = tuple(tokens(p) for p in ("em la", "minh la", "toi la", "anh la", "chi la",
                                         "em moi", "e la", "e moi", "minh moi", "toi moi",
                                         "e o", "em o", "minh o",
                                         "i am", "i m", "my name", "my family",
                                         "we run", "i run", "just joined", "new here",
                                         "just got to", "just arrived",
                                         "bac la", "co la", "chu la", "chau la", "con la",
                                         "bac nam nay",
                                         # how long since the last visit, where from
                                         "lau qua", "lau lam", "lau roi", "moi vo lai",
                                         "moi vao lai", "quay lai", "long time",
                                         "morning from", "greetings from", "hello from",
                                         "hi from"))
# "nhờ ad chỉ giáo thêm nhé": a newcomer's courtesy, not a request.
_COURTESY = tuple(tokens(p) for p in ("nho ad chi giao them", "nho ad chi giao", "chi giao them",
                                      "mong duoc giup do", "nice to meet you",
                                      "mong tro li thong cam", "mong ad thong cam",
                                      "thong cam nhe", "thong cam nha"))
# "hỏi chút", "muốn hỏi": a question follows, even without a question word ("cho em hỏi" is
# dropped when a message is read, as a preamble).
_WILL_ASK = tuple(tokens(p) for p in ("muon hoi", "hoi chut", "hoi ti", "hoi xiu", "can hoi"))


# English "how" folds to "ho" (also Vietnamese "họ"): it asks before these words.
_ENGLISH_HOW = (*(("ho", w) for w in ("long", "much", "many", "to", "can")),
                ("ho", "do", "i"), ("ho", "do", "we"))


def _opens_with(words: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether `words`, after openers such as "ok" or "dạ", begin with one of `phrases`."""
    start = next((i for i, w in enumerate(words) if w not in _OPENERS or w == "xin"), 0)
    # "alo alo, em ở …": a greeting may itself be one of the openers.
    return any(words[i:i + len(p)] == p for i in range(start + 1) for p in phrases)


# Words that ask in a greeting's introduction ("cán bộ", "được" do not: "can", "duoc" are in
# `_ASKING` only for a thank-you's short aside; "thế" asks with "nào" or "sao", and "there"
# folds to it).
_QUESTION_WORDS = _ASKING - {"can", "duoc", "dc", "nhieu", "the"}


def _asks(words: tuple[str, ...], among: list[str] | tuple[str, ...],
          asking: frozenset[str] = _ASKING) -> bool:
    """Whether `among` (words of the message) holds a word that asks, or the message says a
    question follows ("cho em hỏi")."""
    return (bool(asking & set(among)) or _holds_phrase(words, _WILL_ASK)
            or _holds_phrase(words, _ENGLISH_HOW))


# "đăng ký" and "tư vấn" want something; "đang", "từ" and "văn" alone do not.
_WANTING_PHRASES = tuple(tokens(p) for p in ("dang ky", "dang ki", "tu van"))
_WANTING = frozenset({"muon", "hoi", "tham", "xin", "nho", "giup", "tim",
                      "want", "need", "help", "ask", "apply", "join", "register", "registering",
                      "interested", "looking", "advice"})
_INTRODUCTION_WORDS = 14  # besides the greeting's and chat words
# A greeting with a remark on the weather or the day and no introduction ("chào buổi sáng bot,
# Đà Lạt sáng nay lạnh run luôn á"): short, and about nothing else ("chào ad, giấy hết hạn rồi"
# is a question).
_REMARK_WORDS = 6
_REMARKING = tuple(tokens(p) for p in (
    "mua to", "troi mua", "mua qua", "mua lon", "lanh qua", "lanh run", "ret qua", "nong qua",
    "nang qua", "nang to", "troi dep", "troi lanh", "troi nong", "weather", "raining", "so cold",
    "so hot"))
# Words that ask, inside words that do not: "lần đầu" (đâu), "mây tre" (mấy).
_NOT_ASKING = tuple(tokens(p) for p in ("lan dau", "dau tien", "ban dau", "bat dau", "may tre",
                                        "nha may", "may moc", "may tinh", "may man"))


def _wants(words: tuple[str, ...]) -> bool:
    """Whether `words` want something ("muốn", "nhờ", "đăng ký")."""
    return bool(_WANTING & set(words)) or _holds_phrase(words, _WANTING_PHRASES)


def _states_a_figure(words: tuple[str, ...]) -> bool:
    """Whether `words` hold a number other than an age ("bác năm nay 68 tuổi")."""
    return any(w[:1].isdigit() and words[i + 1:i + 2] != ("tuoi",) for i, w in enumerate(words))


def _without(words: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """`words` with each occurrence of `phrases` taken out."""
    kept: list[str] = []
    i = 0
    while i < len(words):
        found = next((p for p in phrases if words[i:i + len(p)] == p), None)
        kept += [] if found else [words[i]]
        i += len(found) if found else 1
    return tuple(kept)


def _greets_introducing(words: tuple[str, ...]) -> bool:
    """A greeting followed by who is writing, or by a short remark, asking and wanting nothing
    ("xin chào, em mới vô nhóm OCOP của xã, nhờ ad chỉ giáo thêm nha")."""
    words = _without(words, _COURTESY)
    if not _opens_with(words, _GREETINGS) or _wants(words[2:]) or _states_a_figure(words):
        return False
    plain = _without(words, _NOT_ASKING)
    talk = sum(w not in SMALLTALK for w in words)
    introduced = _holds_phrase(words, _INTRODUCING) and talk <= _INTRODUCTION_WORDS
    remark = (talk <= _REMARK_WORDS and _holds_phrase(words, _REMARKING)
              and not names_the_programme(words))
    return (introduced or remark) and not _asks(plain, plain, _QUESTION_WORDS)


# Who greets whom ("chào cháu, bà hỏi chút nha").
_KIN_TERMS = frozenset({"ba", "bac", "chau", "co", "chu", "anh", "chi", "em", "e", "con", "ong",
                        "cu", "me", "bo", "minh", "toi", "tui"})


def _greets_before_asking(words: tuple[str, ...]) -> bool:
    """A greeting that says a question follows, and nothing more ("chào cháu, bà hỏi chút
    nha"): the greeting's reply invites the question ("chào ad, hỏi chút mẫu 01" asks it)."""
    if not _opens_with(words, _GREETINGS) or not _holds_phrase(words, _WILL_ASK):
        return False
    rest = _without(words, (*_GREETINGS, *_WILL_ASK))
    return all(w in SMALLTALK or w in POLITE or w in _KIN_TERMS for w in rest)


@lru_cache(maxsize=4096)  # asked of the whole message and of each clause
def smalltalk(words: tuple[str, ...]) -> str | None:
    """"thanks" or "greeting" when a message is only small talk, else None."""
    if not words:
        return None
    around = _without_presence_check(words)
    if around is not None and (all(w in SMALLTALK for w in around)
                               or _greets_introducing(around)):
        return "greeting"
    if _thanks_with_aside(words):
        return "thanks"
    if _greets_introducing(words) or _greets_before_asking(words):
        return "greeting"
    if not all(w in SMALLTALK for w in words) and not (
            SMALLTALK_CORE & set(words) and all(w in SMALLTALK or w in POLITE for w in words)):
        return None
    return "thanks" if THANKS_WORDS & set(words) else "greeting"


def emoji_thanks(text: str) -> bool:
    """Whether a message without a word (only emoji and signs) holds a thank-you emoji."""
    if any(ch.isalnum() for ch in text):
        return False
    return any(ch in THANKS_EMOJI for ch in text)


def signals(index: FaqIndex, result: SearchResult) -> Signals:
    """Confidence, margin to the runner-up and coverage of the best hit."""
    if not result.hits:
        return Signals(0.0, 0.0, 0.0)
    top = result.hits[0].score
    second = result.hits[1].score if len(result.hits) > 1 else 0.0
    margin = (top - second) / top if top > 0 else 0.0
    return Signals(result.confidence(0), margin, index.coverage(result),
                   index.known_share(result.terms), top)


def siblings(a: FaqEntry, b: FaqEntry) -> bool:
    """Whether two entries list each other (either way) as related."""
    return b.id in a.related or a.id in b.related


def _close(index: FaqIndex, result: SearchResult, t: Thresholds) -> list[FaqEntry]:
    floor = t.suggest_ratio * result.hits[0].score
    return [index.entries[h.entry] for h in result.hits if h.score >= floor]


def answer_or_suggest(index: FaqIndex, result: SearchResult, s: Signals, t: Thresholds,
                      weight: float) -> Decision:
    """Answer the top entry, or suggest when a non-sibling runner-up is as good (`weight`:
    the evidence for answering)."""
    close = _close(index, result, t)
    top, others = close[0], close[1:]
    if s.margin < t.margin and others:
        lead = _text_lead(index, result, t)
        if lead is None and not siblings(top, others[0]):
            return Decision("suggestions", tuple(close[:MAX_SUGGESTIONS]), evidence=weight)
        if lead == 1:
            top, others = close[1], [close[0], *close[2:]]
            s = Signals(result.confidence(1), s.margin, s.coverage, s.known, s.score)
    agency = _agency_entry(result.words, close)
    if agency is not None and agency is not top:
        top, others = agency, [e for e in close if e is not agency]
    related = tuple(e for e in others if siblings(top, e))[:MAX_RELATED]
    return Decision("answer", (top,), related, round(s.confidence, 3), weight)


# "mỹ phẩm từ dược liệu do bộ nào quản lý" asks which ministry is in charge: an entry on the
# bodies (topic organisation) among the close ones holds it, a sheet's entry that matches the
# product better does not. "chấm theo bộ nào" asks which set of criteria: it names no charge.
_WHICH_BODY = (("bo", "nao"), ("co", "quan", "nao"), ("which", "ministry"),
               ("what", "ministry"), ("which", "agency"))
_IN_CHARGE = (("quan", "li"), ("chu", "tri"), ("phu", "trach"), ("in", "charge"),
              ("manage",), ("manages",), ("oversee",), ("oversees",))


def _agency_entry(words: tuple[str, ...], close: list[FaqEntry]) -> FaqEntry | None:
    """The first close entry on the bodies when a question asks which body is in charge."""
    if not (_holds_phrase(words, _WHICH_BODY)
            and _holds_phrase(words, _IN_CHARGE)):
        return None
    return next((e for e in close if e.topic == "organisation"), None)


def _text_lead(index: FaqIndex, result: SearchResult, t: Thresholds) -> int | None:
    """Of two entries about as good overall, the one (rank 0 or 1) whose own question or
    paraphrase explains the query clearly better, if any: that text is what was asked."""
    first, second = result.confidence(0), result.confidence(1)
    if first - second >= TEXT_LEAD:
        return 0
    if second - first >= TEXT_LEAD and index.coverage(result, 1) >= t.coverage:
        return 1
    return None


# One entry far ahead of all others that explains every word of a question is what was asked,
# even when the question shares few words with it ("logo ocop màu nâu là gì").
CLEAR_LEAD_MARGIN = 0.5
CLEAR_LEAD_COVERAGE = 0.95
CLEAR_LEAD_CONFIDENCE = 0.3


def _clear_lead(s: Signals) -> bool:
    return (s.margin >= CLEAR_LEAD_MARGIN and s.coverage >= CLEAR_LEAD_COVERAGE
            and s.confidence >= CLEAR_LEAD_CONFIDENCE)


# A message of more words than this asks in a sentence, however few of them are topical
# ("what can this bot do": "bot").
_LONE_WORDS = 2


# English question words kept as terms ("who revokes"): alone ("how long?", "when is it") they
# ask about nothing named.
_ASKING_ONLY = frozenset({"when", "who", "where", "why", "long"})


def _lone_short_word(result: SearchResult) -> bool:
    """A message that is one short syllable ("ờ", "test" read as "tét") or only question words
    ("how long?") asks nothing."""
    terms = result.terms
    if terms and set(terms) <= _ASKING_ONLY:
        return True
    return (len(terms) == 1 and len(terms[0]) <= 3 and not terms[0][:1].isdigit()
            and len(result.words) <= _LONE_WORDS)


def settled(index: FaqIndex, result: SearchResult) -> Decision | None:
    """The decision when no threshold matters (small talk, nothing to read, a question that is
    an entry's own text, another programme), else None."""
    talk = smalltalk(result.words)
    if talk is not None:
        return Decision(talk)
    if not result.terms:
        return Decision("empty")
    if result.exact is not None:
        return Decision("answer", (index.entries[result.exact],), confidence=1.0, evidence=1.0)
    if _lone_short_word(result) or not result.hits:
        return Decision("decline")
    if other_programme(result.words) and not index.entries[result.hits[0].entry].added:
        return Decision("decline")
    return None


def answers_an_added_entry(decision: Decision) -> bool:
    """Whether `decision` answers with an entry added at run time. The word rules of
    `other_programme` say what the shipped entries never hold; an officer's answer made an
    entry may hold just that (a hand-off starts from a question the bot declined)."""
    return decision.kind == "answer" and decision.entries[0].added


def passes(s: Signals, t: Thresholds, weight: float, named: bool = False) -> bool:
    """Whether the top entry may be answered: enough evidence (or one entry clearly ahead),
    enough of the question explained and known (`named`: the question names OCOP)."""
    bar = min(t.answer, t.named) if named else t.answer
    return (s.confidence > 0 and (weight >= bar or _clear_lead(s))
            and s.coverage >= t.coverage and s.known >= t.known)


# Words that set a question in the programme without naming it: its evaluation or ranking,
# "this programme" (the bot's own).
_CONTEXT = tuple(tokens(p) for p in (
    "danh gia", "xep hang", "chuong trinh nay", "evaluation", "evaluate", "evaluated",
    "assessment", "assessed", "ranked", "programme", "program"))


def names_the_programme(words: tuple[str, ...]) -> bool:
    """Whether a question names OCOP, its stars, points or evaluation."""
    return names_ocop(words) or asks_scoring(words) or _holds_phrase(words, _CONTEXT)


def out_of_context(decision: Decision, words: tuple[str, ...]) -> bool:
    """Whether `decision` answers an entry about OCOP's side of a wider subject
    (`FaqEntry.asked_with_ocop`) to a question about the subject itself: "cách mở gian hàng
    trên shopee" is not what OCOP says about selling online."""
    return (decision.kind == "answer" and decision.entries[0].asked_with_ocop
            and not names_the_programme(words))


def choose(index: FaqIndex, result: SearchResult, t: Thresholds,
           known: Signals | None = None) -> Decision:
    """The decision for one search result (`known`: its signals, when already computed)."""
    decided = settled(index, result)
    if decided is not None:
        return decided
    s = known if known is not None else signals(index, result)
    weight = evidence(s, t)
    if not passes(s, t, weight, names_ocop(result.words)):
        return Decision("decline")
    decision = answer_or_suggest(index, result, s, t, weight)
    return Decision("decline") if out_of_context(decision, result.words) else decision


def legacy(decision: Decision) -> Answer | Suggestions | NoAnswer:
    """The decision as the original result types (FaqEngine.ask)."""
    if decision.kind == "answer":
        return Answer(decision.entries[0], decision.confidence)
    if decision.kind == "suggestions":
        return Suggestions(decision.entries)
    if decision.kind in ("greeting", "thanks"):
        return NoAnswer("smalltalk")
    return NoAnswer("empty" if decision.kind == "empty" else "out_of_scope")


def decide(
    index: FaqIndex, result: SearchResult, thresholds: Thresholds
) -> Answer | Suggestions | NoAnswer:
    """Answer, suggest up to three entries, or decline, from one search result."""
    return legacy(choose(index, result, thresholds))

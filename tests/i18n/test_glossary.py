"""The bundled Vietnamese text keeps to the translators' glossary and the naming policy.

Reads locale/vi/GLOSSARY.md, django.po and the dataset file directly: no database needed."""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from methods.dataset import BUNDLED_DATASET, read
from tools.translations import catalog_path

# Proper names that may stay capitalised inside a Vietnamese name even where the original
# name does not spell them out.
PROPER_NAMES = {
    "Bahdanau", "Bayes", "Benjamini", "Carlo", "Cox", "Fisher", "Gauss", "Gibbs", "Hastings",
    "Hochberg", "Kaplan", "Lloyd", "Markov", "Meier", "Metropolis", "Monro", "Monte",
    "Pearson", "Robbins", "Spearman", "Student", "Transformer", "Ward",
}  # fmt: skip

# New-style tone marks (hóa, tùy) written the old way (hoá, tuỳ) the catalog uses, so a
# ruled-out variant is caught in either style.
OLD_STYLE_TONES = {
    "óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "óe": "oé", "òe": "oè", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass(frozen=True)
class Term:
    english: str
    vietnamese: str
    ruled_out: tuple[str, ...]


def glossary_path() -> Path:
    return catalog_path("vi").parent.parent / "GLOSSARY.md"


def parse_glossary(markdown: str) -> list[Term]:
    """The rows of the glossary's table: English | Vietnamese | Ruled-out variants | Note."""
    header, _rule, *rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.splitlines()
        if line.lstrip().startswith("|")
    ]
    assert header == ["English", "Vietnamese", "Ruled-out variants", "Note"], header
    return [
        Term(english, vietnamese, tuple(v.strip() for v in ruled_out.split(",") if v.strip()))
        for english, vietnamese, ruled_out, _note in rows
    ]


@pytest.fixture(scope="module")
def glossary() -> list[Term]:
    return parse_glossary(glossary_path().read_text(encoding="utf-8"))


def comparable(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    for new, old in OLD_STYLE_TONES.items():
        text = text.replace(new, old)
    return text


def ruled_out_in(text: str, glossary: list[Term]) -> list[tuple[str, Term]]:
    """Each ruled-out variant the text uses as whole words, with its glossary term."""
    text = comparable(text)
    return [
        (variant, term)
        for term in glossary
        for variant in term.ruled_out
        if re.search(rf"(?<!\w){re.escape(comparable(variant))}(?!\w)", text)
    ]


def dataset() -> dict:
    return read(BUNDLED_DATASET)


def bundled_vietnamese_text():
    """(file, entry, text) for every piece of Vietnamese text ScholarGate ships."""
    for path in sorted(BUNDLED_DATASET.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(BUNDLED_DATASET.parent))
        for kind in ("fields", "families", "types"):
            for taxon in data.get(kind, []):
                yield name, f"{kind}: {taxon['slug']}", taxon["name"]["vi"]
        for method in data.get("methods", []):
            texts = [method["vietnamese_name"], *method["aliases"]["vi"], method["summary"]["vi"]]
            for text in texts:
                yield name, method["slug"], text
    catalog = catalog_path("vi")
    for entry in polib.pofile(str(catalog)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            yield catalog.name, entry.msgid, PLACEHOLDER.sub(" ", text)


def test_the_glossary_fixes_a_vietnamese_term_for_each_english_term(glossary):
    assert len(glossary) >= 15
    assert all(term.english and term.vietnamese for term in glossary)
    english = Counter(term.english for term in glossary)
    assert [name for name, count in english.items() if count > 1] == []
    assert sum(len(term.ruled_out) for term in glossary) >= 30


def test_a_ruled_out_variant_is_caught_in_any_case_and_tone_mark_style(glossary):
    planted = "Tiền huấn luyện xong, mạng có năm lớp tích chập và chuẩn hóa theo lô."
    caught = {variant: term.vietnamese for variant, term in ruled_out_in(planted, glossary)}
    assert caught == {
        "tiền huấn luyện": "huấn luyện trước / đã huấn luyện trước",
        "lớp tích chập": "tầng",
        "chuẩn hoá theo lô": "chuẩn hoá theo batch",
        "theo lô": "batch",
    }


def test_the_legitimate_uses_of_words_near_a_variant_are_not_caught(glossary):
    fine = (
        "Mô hình tự hồi quy dự đoán xác suất lớp; hồi quy tuyến tính; học tăng cường và "
        "tăng cường dữ liệu; minibatch; hạ gradient; phát lại kinh nghiệm có ưu tiên; "
        "trực quan hoá; học trực tuyến; thư viện mã nguồn mở; trọng số quán tính; "
        "Bình phương tối thiểu hai giai đoạn; kiểm định tiêu chuẩn; dự đoán liên kết."
    )
    assert ruled_out_in(fine, glossary) == []


# Wordings a review of the catalog found, each a Vietnamese word whose everyday reading is
# not the technical one (đơn bào is unicellular, phần đầu the front of a network), with the
# English term whose glossary row must rule it out.
FALSE_FRIENDS = {
    "trực quan hoá dữ liệu đơn bào": "single-cell (data)",
    "tách phần đầu của mạng Q thành hai nhánh": "head (of a network)",
    "mô hình chú thích ảnh và hỏi đáp trực quan (VQA)": "visual (question answering)",
    "xử lý trực tiếp được đồ thị vòng": "cyclic graph",
    "bằng xác suất dừng của một người lướt web ngẫu nhiên": "stationary (distribution)",
    "cao hơn hầu hết các kiểm định chuẩn khác": "normality test",
    "khi biết các biến đồng biến quan sát được": "covariate",
    "so sánh các cặp câu trả lời để tạo dữ liệu ưu tiên": "preference (human preference data)",
    "gộp tinh chỉnh có giám sát và căn chỉnh theo ưu tiên": "preference (human preference data)",
    "một mạng trực tuyến (online) được huấn luyện": "online (network, in BYOL)",
    "Lớp gộp RoIAlign thay RoIPool": "layer",
    "phần lớn các mô hình ngôn ngữ lớn mã nguồn mở": "open-weight (model)",
    "thay đổi của log tỉ số odds": "odds / odds ratio",
    "hay nhân mỗi p-value với m": "p-value",
    "SimSiam là mạng Xiêm (Siamese) đơn giản": "Siamese (network)",
    "trong cấu trúc mạng song sinh (siamese)": "Siamese (network)",
    "hàm mục tiêu bình phương tối thiểu có điều chuẩn L1": "least squares",
    "mô hình học trò có số tầng bằng một nửa": "teacher / student (distillation)",
    "Adam khắc phục bằng trung bình trượt hàm mũ": "moving average",
    "độ lệch KL so với mô hình tham chiếu": "KL divergence",
    "mạng nơ-ron dư (residual)": "residual (network)",
    "tầng cuối bị bão hoà, gradient suy giảm": "vanishing gradient",
    "có nhiều tỉ lệ và tỉ số khung hình": "aspect ratio",
    "bước loại bỏ không cực đại (NMS)": "non-maximum suppression",
}


@pytest.mark.parametrize("wording", FALSE_FRIENDS)
def test_the_false_friends_a_review_found_are_ruled_out(glossary, wording):
    assert FALSE_FRIENDS[wording] in {term.english for _, term in ruled_out_in(wording, glossary)}


def test_bundled_vietnamese_text_uses_the_glossary_terms(glossary):
    problems = [
        f"{file}: {entry}: “{variant}” (glossary: {term.english} → {term.vietnamese})"
        for file, entry, text in bundled_vietnamese_text()
        for variant, term in ruled_out_in(text, glossary)
    ]
    assert problems == [], "\n".join(problems)


def miscapitalised(vietnamese: str, original: str) -> list[str]:
    """Words of a Vietnamese name that break sentence case: the first word starts with a
    capital; a later word may only where it is an acronym or an English term (all capitals,
    an inner capital or a digit), a word of the original name, or a known proper name."""
    original_words = set(re.split(r"[\s-]+", original))
    first, *rest = re.split(r"[\s-]+", vietnamese)
    wrong = [] if first[:1].isupper() or first in original_words else [first]
    return wrong + [
        word
        for word in rest
        if word[:1].isupper()
        and not (word.isupper() or any(c.isupper() or c.isdigit() for c in word[1:]))
        and word not in original_words | PROPER_NAMES
    ]


def test_the_sentence_case_rule_catches_title_case_and_allows_names_and_acronyms():
    assert miscapitalised("Mô hình Khuếch tán Tiềm ẩn", "Latent Diffusion Models") == [
        "Khuếch",
        "Tiềm",
    ]
    assert miscapitalised("Bộ nhớ Dài-Ngắn hạn", "Long Short-Term Memory") == ["Dài", "Ngắn"]
    assert miscapitalised("mô hình khuếch tán", "Diffusion Models") == ["mô"]
    assert miscapitalised("Cơ chế chú ý Bahdanau", "Bahdanau Attention") == []
    assert miscapitalised("Thuật toán EM", "Expectation-Maximization Algorithm") == []
    assert miscapitalised("Ước lượng Kaplan-Meier", "Kaplan-Meier Estimator") == []


def test_vietnamese_names_are_in_sentence_case():
    data = dataset()
    named = [(m["slug"], m["vietnamese_name"], m["name"]) for m in data["methods"]]
    named += [
        (f"{kind}: {taxon['slug']}", taxon["name"]["vi"], taxon["name"]["en"])
        for kind in ("fields", "families", "types")
        for taxon in data[kind]
    ]
    problems = [
        f"{entry}: “{vietnamese}” capitalises {', '.join(words)}"
        for entry, vietnamese, original in named
        if vietnamese and (words := miscapitalised(vietnamese, original))
    ]
    assert problems == [], "\n".join(problems)


def test_no_alias_repeats_its_methods_name_acronym_or_vietnamese_name():
    problems = [
        f"{method['slug']}: alias “{alias}” ({language})"
        for method in dataset()["methods"]
        for language, aliases in method["aliases"].items()
        for alias in aliases
        if alias.casefold()
        in {method[key].casefold() for key in ("name", "acronym", "vietnamese_name")}
    ]
    assert problems == [], "\n".join(problems)


def test_acronyms_are_unique_and_never_another_methods_name():
    methods = dataset()["methods"]
    acronyms = Counter(m["acronym"].casefold() for m in methods if m["acronym"])
    assert [acronym for acronym, count in acronyms.items() if count > 1] == []
    names = {m["name"].casefold(): m["slug"] for m in methods}
    assert {acronym: names[acronym] for acronym in acronyms if acronym in names} == {}
    assert len(acronyms) >= 25  # the policy gives most methods researchers abbreviate one


def test_bundled_vietnamese_text_quotes_with_curly_quotes():
    # The interface and most summaries write “…”; a straight pair reads as a different style.
    straight = [
        f"{file}: {entry}" for file, entry, text in bundled_vietnamese_text() if '"' in text
    ]
    assert straight == [], "\n".join(straight)

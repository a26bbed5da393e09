from dataclasses import replace

from methods.citations import ET_AL, Work

QLORA_AUTHORS = ["Dettmers, Tim", "Pagnoni, Artidoro", "Holtzman, Ari", "Zettlemoyer, Luke"]


def test_a_proceedings_paper_is_cited_with_its_volume_and_pages():
    work = Work(
        kind="inproceedings",
        authors=QLORA_AUTHORS,
        title="QLoRA: Efficient Finetuning of Quantized LLMs",
        venue="Advances in Neural Information Processing Systems",
        year=2023,
        volume="36",
        pages="10088--10115",
        doi="10.52202/075280-0441",
    )
    assert work.citation == (
        "Dettmers, T., Pagnoni, A., Holtzman, A., & Zettlemoyer, L. (2023). QLoRA: Efficient "
        "Finetuning of Quantized LLMs. In Advances in Neural Information Processing Systems "
        "(Vol. 36, pp. 10088-10115)."
    )
    assert (work.link, work.link_label) == ("https://doi.org/10.52202/075280-0441", "DOI")
    assert "  volume = {36},\n  pages = {10088--10115},\n" in work.bibtex()


def test_a_proceedings_paper_without_volume_or_pages_names_only_its_venue():
    work = Work(kind="inproceedings", authors=["Ho, Jonathan"], title="A", venue="V", year=2020)
    assert work.citation == "Ho, J. (2020). A. In V."
    assert replace(work, volume="33").citation == "Ho, J. (2020). A. In V (Vol. 33)."


def test_a_preprint_is_cited_by_its_arxiv_id_and_links_there():
    work = Work(
        kind="preprint",
        authors=["Hu, Edward J.", ET_AL],
        title="LoRA.",
        year=2021,
        arxiv_id="2106.09685",
    )
    assert work.citation == "Hu, E. J., et al. (2021). LoRA. arXiv preprint arXiv:2106.09685."
    assert work.link == "https://arxiv.org/abs/2106.09685"


def test_an_article_is_cited_with_journal_volume_number_and_pages():
    work = Work(
        kind="article",
        authors=["Breiman, Leo"],
        title="Random Forests",
        venue="Machine Learning",
        year=2001,
        volume="45",
        number="1",
        pages="5--32",
    )
    assert work.citation == "Breiman, L. (2001). Random Forests. Machine Learning, 45(1), 5-32."
    assert work.bibtex().startswith("@article{breiman2001random,\n  author = {Breiman, Leo},")

import gzip

from tests.helpers import url


def test_pages_and_their_parts_go_out_compressed_to_browsers_that_ask(client, catalog):
    comparison = url("compare:page", "en")
    plain = client.get(comparison, {"m": "qlora,lora"})
    assert "Content-Encoding" not in plain

    packed = client.get(comparison, {"m": "qlora,lora"}, headers={"Accept-Encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "Quantized LoRA" in html and "</html>" in html
    assert len(packed.content) < len(plain.content) / 2

    htmx = {"HX-Request": "true", "HX-Target": "comparison"}
    toolbar = client.get(
        comparison, {"m": "qlora,lora", "diff": "1"}, headers={"Accept-Encoding": "gzip", **htmx}
    )
    assert toolbar["Content-Encoding"] == "gzip"
    assert 'aria-pressed="true"' in gzip.decompress(toolbar.content).decode()

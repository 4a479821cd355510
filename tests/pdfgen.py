"""A tiny hand-written PDF generator and the fault corpus of the batch tests.

Hostile PDFs (thousands of pages, self-referencing page trees and forms, a decompression bomb, an
encrypted file) are easiest to make byte by byte: no library writes them on purpose.
"""
from __future__ import annotations

import random
import zlib
from pathlib import Path


def build_pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """Objects 1..n (bodies without `n 0 obj`) → a PDF file with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def blank_pages(n: int) -> bytes:
    """A PDF of n empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    return build_pdf(objs)


def recursive_pages() -> bytes:
    """A page tree whose node lists itself as its own kid, and a form XObject that draws itself."""
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(b"q /X1 Do Q"),
        _stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 5 0 R >> >>"),
    ])


def bomb(mb: int = 300) -> bytes:
    """A one-page PDF whose content stream inflates from well under 1 MB to `mb` MB."""
    content = b"0 0 m 1 1 l S\n" * (mb * 1024 * 1024 // 14)
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(content, compress=True),
    ])


def image_only(pages: int = 2) -> bytes:
    """Scanned-looking pages: one gray image each, no text layer."""
    size = 64
    pixels = bytes(random.Random(1).randrange(256) for _ in range(size * size))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            _stream(b"q 500 0 0 700 50 70 cm /Im1 Do Q"),
            _stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                            b"/BitsPerComponent 8" % (size, size))]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
             b"/Resources << /XObject << /Im1 4 0 R >> >> >>"] * pages
    return build_pdf(objs)


def encrypted_by_hand() -> bytes:
    """A PDF with a standard security handler whose /U entry matches no empty user password."""
    enc = (b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <%s> /U <%s> >>"
           % (b"ab" * 32, b"cd" * 32))
    fid = b"<0123456789abcdef0123456789abcdef>"
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        enc,
    ], trailer_extra=b"/Encrypt 4 0 R /ID [%s %s] " % (fid, fid))


def encrypted(path: Path) -> None:
    """An encrypted PDF with a user password: made by reportlab when installed, else by hand."""
    try:
        from reportlab.lib import pdfencrypt
        from reportlab.pdfgen import canvas
    except ImportError:
        path.write_bytes(encrypted_by_hand())
        return
    enc = pdfencrypt.StandardEncryption("secret-user", "secret-owner", strength=128)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 720, "2024 performance self-evaluation report")
    c.showPage()
    c.save()


def fault_corpus(folder: Path, real_pdf: Path, report_txt: Path, blank_count: int = 3000,
                 bomb_mb: int = 300) -> dict[str, str]:
    """Write the hostile and broken files; returns {file name: what it is}."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    data = real_pdf.read_bytes()
    files = {
        "zero-byte.pdf": (b"", "zero bytes"),
        "truncated.pdf": (data[: len(data) * 2 // 5], "first 40% of a real report"),
        "random-bytes.pdf": (rng.randbytes(50_000), "random bytes named .pdf"),
        "text-named.pdf": ("这不是PDF文件，只是一段文字。\n".encode("utf-8") * 20, "a text file named .pdf"),
        "random-bytes.docx": (b"PK\x03\x04" + rng.randbytes(5000), "a broken zip named .docx"),
        "blank-3000.pdf": (blank_pages(blank_count), f"{blank_count} blank pages"),
        "recursive.pdf": (recursive_pages(), "self-referencing page tree and form"),
        "bomb.pdf": (bomb(bomb_mb), f"content stream inflating to {bomb_mb} MB"),
        "image-only.pdf": (image_only(), "pages with an image and no text layer"),
        "gb18030-report.txt": (report_txt.read_text(encoding="utf-8").encode("gb18030"), "a GB18030 .txt report"),
        "encrypted-by-hand.pdf": (encrypted_by_hand(), "standard security handler, unknown password"),
    }
    for name, (content, _what) in files.items():
        (folder / name).write_bytes(content)
    encrypted(folder / "encrypted.pdf")
    described = {name: what for name, (_c, what) in files.items()}
    described["encrypted.pdf"] = "encrypted with a user password"
    return described

"""An LZW encoder as PDF and TIFF write it (EarlyChange 1), for crafted streams; checked against pdfminer."""
from __future__ import annotations


def lzw_encode(data: bytes) -> bytes:
    """PDF/TIFF LZW (EarlyChange 1): 9-12-bit codes, a clear code first and whenever the table fills."""
    codes: list[tuple[int, int]] = []
    def reset():
        return {bytes([i]): i for i in range(256)}, 258, 9
    table, next_code, width = reset()
    codes.append((256, width))
    w = b""
    for c in data:
        wc = w + bytes([c])
        if wc in table:
            w = wc
            continue
        codes.append((table[w], width))
        table[wc] = next_code
        next_code += 1
        if next_code >= (1 << width):  # the decoder widens one code later, at 511 entries
            if width == 12:
                codes.append((256, width))
                table, next_code, width = reset()
            else:
                width += 1
        w = bytes([c])
    if w:
        codes.append((table[w], width))
    codes.append((257, width))
    acc = nbits = 0
    out = bytearray()
    for code, n in codes:
        acc, nbits = (acc << n) | code, nbits + n
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    return bytes(out)

#!/usr/bin/env python3
"""Independent PNG decoder for the tests of NeuroThermo.Reports.PngEncoder.

Standard library only (struct, zlib). Reads one PNG file, checks the signature, the chunk order
and every chunk CRC, inflates the concatenated IDAT data, undoes all five scanline filters and
prints one JSON object: width, height, bit_depth, colour_type, chunk types and the raw pixel
bytes as hex. Supports what a baseline non-interlaced 8-bit grayscale / RGB file may contain.
Any violation is reported on stderr with exit status 1.
"""
import json
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3}  # colour type -> samples per pixel (grayscale, truecolour)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def read_chunks(data):
    if data[:8] != SIGNATURE:
        fail("bad signature: %r" % data[:8])
    pos = 8
    while pos < len(data):
        if pos + 12 > len(data):
            fail("truncated chunk header at byte %d" % pos)
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            fail("chunk %r claims %d bytes, file has %d" % (kind, length, len(body)))
        (stored_crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        actual_crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        if stored_crc != actual_crc:
            fail("chunk %r: CRC %08x stored, %08x computed" % (kind, stored_crc, actual_crc))
        yield kind.decode("ascii"), body
        pos += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        fail("inflated IDAT has %d bytes, expected %d" % (len(raw), height * (stride + 1)))
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 0:
                pred = 0
            elif kind == 1:
                pred = a
            elif kind == 2:
                pred = b
            elif kind == 3:
                pred = (a + b) // 2
            elif kind == 4:
                pred = paeth(a, b, c)
            else:
                fail("unknown filter type %d on row %d" % (kind, y))
            line[i] = (line[i] + pred) & 0xFF
        out += line
        prev = line
    return bytes(out)


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    chunks = list(read_chunks(data))
    kinds = [k for k, _ in chunks]
    if not kinds or kinds[0] != "IHDR" or kinds[-1] != "IEND":
        fail("chunk order must start with IHDR and end with IEND: %s" % kinds)
    if chunks[-1][1]:
        fail("IEND must be empty")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or colour not in CHANNELS or compression or filtering or interlace:
        fail("unsupported header: depth %d colour %d compression %d filter %d interlace %d"
             % (depth, colour, compression, filtering, interlace))
    if width == 0 or height == 0:
        fail("zero-sized image")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == "IDAT"))
    pixels = unfilter(raw, width, height, CHANNELS[colour])
    print(json.dumps({
        "width": width,
        "height": height,
        "bit_depth": depth,
        "colour_type": colour,
        "chunks": kinds,
        "pixels": pixels.hex(),
    }))


if __name__ == "__main__":
    main()

// An image's width and height as its header declares them, read without decoding it: PNG (IHDR),
// JPEG (the frame header, SOFn, before the scan) and WebP (the VP8X canvas and every VP8/VP8L
// frame header). A few header bytes are enough to declare a picture of billions of pixels that
// a browser would then have to decode, so uploads are refused on these figures. Written here
// rather than taken from a library: three formats, a few dozen lines, and every path is tested.

export type Size = { width: number; height: number };

function png(b: Buffer): Size | null {
  // signature, then the IHDR chunk first: length 13, "IHDR", width, height (big-endian)
  if (b.length < 24 || b.subarray(12, 16).toString("latin1") !== "IHDR") return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

// start-of-frame markers (not DHT C4, JPG C8, DAC CC)
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): Size | null {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // the scan without a frame header
    const length = b.readUInt16BE(i + 2);
    if (SOF.has(marker)) {
      if (i + 9 > b.length) return null;
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

function webp(b: Buffer): Size | null {
  let best: Size | null = null;
  const keep = (s: Size) => {
    if (!best || s.width * s.height > best.width * best.height) best = s;
  };
  for (let i = 12; i + 8 <= b.length;) {
    const type = b.subarray(i, i + 4).toString("latin1");
    const size = b.readUInt32LE(i + 4);
    const d = i + 8;
    if (type === "VP8X" && d + 10 <= b.length)
      keep({ width: b.readUIntLE(d + 4, 3) + 1, height: b.readUIntLE(d + 7, 3) + 1 });
    else if (type === "VP8L" && d + 5 <= b.length && b[d] === 0x2f) {
      const bits = b.readUInt32LE(d + 1);
      keep({ width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 });
    } else if (type === "VP8 " && d + 10 <= b.length)
      keep({ width: b.readUInt16LE(d + 6) & 0x3fff, height: b.readUInt16LE(d + 8) & 0x3fff });
    i = d + size + (size % 2);
  }
  return best;
}

/** The declared size of a PNG, JPEG or WebP image (by its MIME type), or null when it has none. */
export function imageSize(bytes: Buffer, mime: string): Size | null {
  if (mime === "image/png") return png(bytes);
  if (mime === "image/jpeg") return jpeg(bytes);
  if (mime === "image/webp") return webp(bytes);
  return null;
}

// Strip what a photo says about where and when it was taken before it is published: EXIF (GPS
// included), XMP, IPTC and comments. The image data itself is copied byte for byte, so no image
// library (and no native binary) is needed. A file whose structure cannot be followed is refused.

type Stripped = Buffer | null;

// JPEG markers kept before the image data: JFIF (APP0), the colour profile (APP2), Adobe (APP14),
// and everything that is not an APPn or a comment (tables, frame header …).
const JPEG_KEEP_APP = new Set([0xe0, 0xe2, 0xee]);

function stripJpeg(b: Buffer): Stripped {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  const out: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) return null;
    const segment = b.subarray(i, i + 2 + len);
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (!(isApp && !JPEG_KEEP_APP.has(marker)) && marker !== 0xfe) out.push(segment);
    i += 2 + len;
    // start of scan: the compressed image follows, to the end of the file
    if (marker === 0xda) return Buffer.concat([...out, b.subarray(i)]);
  }
  return null;
}

const PNG_DROP = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

function stripPng(b: Buffer): Stripped {
  const out: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.toString("latin1", i + 4, i + 8);
    const end = i + 12 + len;
    if (end > b.length) return null;
    if (!PNG_DROP.has(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") return Buffer.concat(out);
  }
  return null;
}

function stripWebp(b: Buffer): Stripped {
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = b.toString("latin1", i, i + 4);
    const len = b.readUInt32LE(i + 4);
    const end = i + 8 + len + (len % 2);
    if (i + 8 + len > b.length) return null;
    if (type !== "EXIF" && type !== "XMP ") {
      const chunk = Buffer.from(b.subarray(i, Math.min(end, b.length)));
      // VP8X says which optional chunks follow: no EXIF (bit 3), no XMP (bit 2) any more
      if (type === "VP8X") chunk[8] &= ~0x0c;
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.from("RIFF0000WEBP", "latin1");
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}

/** The same image without its metadata, or null when its structure is broken. */
export function stripMetadata(bytes: Buffer, mime: string): Stripped {
  if (mime === "image/jpeg") return stripJpeg(bytes);
  if (mime === "image/png") return stripPng(bytes);
  if (mime === "image/webp") return stripWebp(bytes);
  return null;
}

import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { stripMetadata } from "./image-metadata";
import { imageSize } from "./image-size";
import { DATA_DIR } from "~/lib/secrets.server";

// Photos of construction milestones. The type is read from the file's first bytes, never from
// its name or the browser's claim; metadata (EXIF with GPS, XMP, comments) is stripped before the
// photo is stored and published; the stored name is random.
export const UPLOAD_DIR = process.env.UPLOAD_DIR ?? path.join(DATA_DIR, "uploads");
// Photos that are never published (a proxy's signed authorisation form): served to staff only,
// by their own route, never by /uploads.
export const PRIVATE_UPLOAD_DIR = path.join(UPLOAD_DIR, "..", "private-uploads");
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS = 6;
/**
 * At most this many pixels (50 megapixels: a phone's largest photo is about 50 MP): a small file
 * can declare a picture of billions of pixels that every browser showing it must decode, so one
 * declaring more is refused before anything decodes it (its size read from its header).
 */
export const MAX_PHOTO_PIXELS = 50_000_000;

const KINDS: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: "image/jpeg", ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: "image/png",
    ext: "png",
    test: (b) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: "image/webp",
    ext: "webp",
    test: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" &&
      b.subarray(8, 12).toString("latin1") === "WEBP",
  },
];

export function sniffImage(bytes: Buffer): { mime: string; ext: string } | null {
  const k = KINDS.find((k) => bytes.length >= 12 && k.test(bytes));
  return k ? { mime: k.mime, ext: k.ext } : null;
}

export type StoredPhoto = { path: string; mime: string; bytes: number };
export type PhotoProblem = "photo_type" | "photo_size" | "photo_count" | "photo_pixels";

/** Check every photo first, then store them all; a bad one stores none. */
export async function storePhotos(
  files: File[],
  dir = UPLOAD_DIR,
): Promise<StoredPhoto[] | PhotoProblem> {
  const real = files.filter((f) => f.size > 0);
  if (real.length > MAX_PHOTOS) return "photo_count";
  const checked = [];
  for (const f of real) {
    if (f.size > MAX_PHOTO_BYTES) return "photo_size";
    const raw = Buffer.from(await f.arrayBuffer());
    const kind = sniffImage(raw);
    const size = kind && imageSize(raw, kind.mime);
    if (!kind || !size || size.width === 0 || size.height === 0) return "photo_type";
    if (size.width * size.height > MAX_PHOTO_PIXELS) return "photo_pixels";
    const bytes = stripMetadata(raw, kind.mime);
    if (!bytes) return "photo_type";
    checked.push({ bytes, kind });
  }
  await mkdir(dir, { recursive: true });
  const out: StoredPhoto[] = [];
  for (const c of checked) {
    const name = `${randomBytes(16).toString("hex")}.${c.kind.ext}`;
    await writeFile(path.join(dir, name), c.bytes, { flag: "wx" });
    out.push({ path: name, mime: c.kind.mime, bytes: c.bytes.length });
  }
  return out;
}

/**
 * Run the write that records photos just stored; when it is refused (a domain error) or storage
 * fails, the photos are removed again, so that no file stays behind without the record naming it.
 */
export async function recordingPhotos<T extends { ok: boolean }>(
  photos: StoredPhoto[],
  dir: string,
  write: () => Promise<T>,
): Promise<T> {
  const discard = () => Promise.all(photos.map((p) => rm(path.join(dir, p.path), { force: true })));
  let out: T;
  try {
    out = await write();
  } catch (e) {
    await discard();
    throw e;
  }
  if (!out.ok) await discard();
  return out;
}

// Uploaded milestone photos are published without their metadata (EXIF with GPS, XMP,
// comments); the image itself is unchanged, and a file whose structure is broken is refused.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stripMetadata } from "~/utils/image-metadata";
import { readdir } from "node:fs/promises";
import { MAX_PHOTO_PIXELS, storePhotos, UPLOAD_DIR } from "~/utils/uploads.server";
import {
  jpegWithMetadata,
  PNG,
  pngDeclaring,
  pngWithMetadata,
  webpDeclaring,
  webpWithMetadata,
} from "#tests/fixtures/images";

const says = (b: Buffer, text: string) => b.includes(Buffer.from(text));

describe("photo metadata", () => {
  it("stores a JPEG without its EXIF, GPS and comment, keeping JFIF and the image data", async () => {
    const jpeg = jpegWithMetadata();
    expect(says(jpeg, "GPS")).toBe(true);
    const stored = await storePhotos([new File([jpeg], "p.jpg")]);
    if (typeof stored === "string") throw new Error(stored);
    const bytes = await readFile(path.join(UPLOAD_DIR, stored[0].path));
    expect(says(bytes, "GPS")).toBe(false);
    expect(says(bytes, "乐园")).toBe(false);
    expect(says(bytes, "JFIF")).toBe(true);
    expect(bytes.subarray(-7)).toEqual(jpeg.subarray(-7));
    expect(stored[0].bytes).toBe(bytes.length);
  });

  it("drops PNG text and EXIF chunks and leaves exactly the plain image", () => {
    const png = pngWithMetadata();
    expect(says(png, "GPS")).toBe(true);
    expect(stripMetadata(png, "image/png")).toEqual(PNG);
  });

  it("drops WebP EXIF and XMP chunks and fixes the container's size and flags", () => {
    const out = stripMetadata(webpWithMetadata(), "image/webp")!;
    expect(says(out, "GPS")).toBe(false);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20] & 0x0c).toBe(0);
    expect(out.toString("latin1", 30, 34)).toBe("VP8L");
  });

  it("refuses a file that only starts like an image", async () => {
    const truncated = jpegWithMetadata().subarray(0, 30);
    expect(stripMetadata(truncated, "image/jpeg")).toBeNull();
    expect(stripMetadata(PNG.subarray(0, 40), "image/png")).toBeNull();
    expect(await storePhotos([new File([truncated], "t.jpg")])).toBe("photo_type");
  });

  it("refuses a picture over 50 megapixels by its header, storing none of the batch", async () => {
    const before = await readdir(UPLOAD_DIR).catch(() => []);
    const bombs = [
      new File([pngDeclaring(40_000, 40_000)], "p.png"),
      new File([webpDeclaring(16_384, 16_384)], "w.webp"),
      new File([jpegWithMetadata(10_000, 5_001)], "j.jpg"),
    ];
    for (const bomb of bombs)
      expect(await storePhotos([new File([PNG], "ok.png"), bomb])).toBe("photo_pixels");
    expect(await readdir(UPLOAD_DIR).catch(() => [])).toEqual(before);
    // at the cap is a photo
    expect(10_000 * 5_000).toBe(MAX_PHOTO_PIXELS);
    const atCap = await storePhotos([new File([jpegWithMetadata(10_000, 5_000)], "j.jpg")]);
    expect(Array.isArray(atCap)).toBe(true);
  });
});

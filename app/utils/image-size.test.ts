import { describe, expect, it } from "vitest";
import {
  jpegWithMetadata,
  PNG,
  pngDeclaring,
  webpDeclaring,
  webpWithMetadata,
} from "#tests/fixtures/images";
import { imageSize } from "./image-size";

// An image's size from its header, without decoding it: what a decompression bomb declares.

describe("imageSize", () => {
  it("reads PNG, JPEG and WebP headers", () => {
    expect(imageSize(PNG, "image/png")).toEqual({ width: 1, height: 1 });
    expect(imageSize(pngDeclaring(40_000, 40_000), "image/png")).toEqual({
      width: 40_000,
      height: 40_000,
    });
    expect(imageSize(jpegWithMetadata(4000, 3000), "image/jpeg")).toEqual({
      width: 4000,
      height: 3000,
    });
    expect(imageSize(webpWithMetadata(), "image/webp")).toEqual({ width: 1, height: 1 });
    const bomb = webpDeclaring(16_384, 16_384);
    expect(bomb.length).toBeLessThan(64);
    expect(imageSize(bomb, "image/webp")).toEqual({ width: 16_384, height: 16_384 });
  });

  it("takes the largest size a WebP declares (a small canvas cannot hide a large frame)", () => {
    const bomb = webpDeclaring(16_384, 16_384);
    bomb.writeUIntLE(0, 24, 3); // the canvas says 1 × …, the frame still 16384 × 16384
    expect(imageSize(bomb, "image/webp")).toEqual({ width: 16_384, height: 16_384 });
  });

  it("finds no size in a JPEG whose scan comes before any frame header, or a cut file", () => {
    const jpeg = jpegWithMetadata();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const withoutFrame = Buffer.concat([jpeg.subarray(0, sof), jpeg.subarray(sof + 13)]);
    expect(imageSize(withoutFrame, "image/jpeg")).toBeNull();
    expect(imageSize(jpeg.subarray(0, 30), "image/jpeg")).toBeNull();
    expect(imageSize(PNG.subarray(0, 20), "image/png")).toBeNull();
    expect(imageSize(PNG, "image/gif")).toBeNull();
  });
});

import { BadRequestException } from '@nestjs/common';

export interface Rect {
  X: number;
  Y: number;
  Width: number;
  Height: number;
}

/** Aspect ratios may differ by this much between the pixels sent and the rectangle they claim (scaling). */
export const ASPECT_TOLERANCE = 0.02;

/**
 * 400 when the pixels are not the crop's shape: they may be the rectangle scaled (by any factor, as the
 * output size is recorded) but not reshaped. Beyond 2%, one pixel of rounding on the shorter side is
 * allowed too, since a small scaled crop cannot keep its ratio closer than that.
 */
export function assertShape(pixels: { width: number; height: number }, rect: Rect, label: string): void {
  const claimed = rect.Width / rect.Height;
  const actual = pixels.width / pixels.height;
  if (Math.abs(actual / claimed - 1) <= ASPECT_TOLERANCE) return;
  const expectedHeight = pixels.width / claimed;
  const expectedWidth = pixels.height * claimed;
  if (Math.abs(pixels.height - expectedHeight) <= 1 || Math.abs(pixels.width - expectedWidth) <= 1) return;
  throw new BadRequestException(
    `${label}: the pixels are ${pixels.width}x${pixels.height}, not the shape of the ${rect.Width}x${rect.Height} ` +
      `crop (aspect ratios may differ by at most ${ASPECT_TOLERANCE * 100}%)`,
  );
}

/** 400 when the rectangle does not lie inside the source image. */
export function assertInside(rect: Rect, width: number, height: number, label: string): void {
  if (rect.X + rect.Width > width || rect.Y + rect.Height > height) {
    throw new BadRequestException(
      `${label}: the crop ${rect.Width}x${rect.Height} at (${rect.X},${rect.Y}) does not fit the ${width}x${height} source image`,
    );
  }
}

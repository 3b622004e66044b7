import { PNG } from 'pngjs';

/** A grey-gradient RGB PNG of the given size, for image fixtures (written by pngjs). */
export function makePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      png.data.fill(Math.floor((x * 255) / width), at, at + 3);
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

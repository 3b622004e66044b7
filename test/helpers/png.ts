import { createCanvas } from '@napi-rs/canvas';
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

/** A gradient encoded by Skia (@napi-rs/canvas) as a camera or an editor would write it. */
export function drawnImage(type: 'jpeg' | 'png' | 'webp', width = 160, height = 120): Buffer {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#c33');
  gradient.addColorStop(1, '#36c');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  return type === 'jpeg' ? canvas.encodeSync('jpeg', 90) : type === 'png' ? canvas.encodeSync('png') : canvas.encodeSync('webp', 80);
}
